// The phone menu: one button folds and unfolds it. Everything else works without script.
document.addEventListener('DOMContentLoaded', function () {
  var b = document.querySelector('.menu-toggle');
  if (!b) return;
  b.addEventListener('click', function () {
    var open = b.closest('header').classList.toggle('open');
    b.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
});
