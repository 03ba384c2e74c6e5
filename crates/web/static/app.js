// The phone menu: one button folds and unfolds it. Everything else works without script.
document.addEventListener('DOMContentLoaded', function () {
  var b = document.querySelector('.menu-toggle');
  if (!b) return;
  b.addEventListener('click', function () {
    var open = b.closest('header').classList.toggle('open');
    b.setAttribute('aria-expanded', open ? 'true' : 'false');
  });
});

// Tables that hold their whole list (data-sort): a click on a column header orders the rows by
// it — Vietnamese order, numbers inside names as numbers ("ấp 5" before "ấp 11"), dd/mm/yyyy
// as dates, a "Họ và tên" column by given name first — and a second click turns it around.
// Lists paged by the server (cases, search, audit) order on the server instead.
document.addEventListener('DOMContentLoaded', function () {
  var coll = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
  function key(cell, byName) {
    var t = (cell ? cell.textContent : '').replace(/\s+/g, ' ').trim();
    var d = /^(\d{2})\/(\d{2})\/(\d{4})/.exec(t);
    if (d) return { n: +(d[3] + d[2] + d[1]) };
    if (/^-?\d+$/.test(t)) return { n: +t };
    if (byName) {
      var w = t.split(' ');
      t = w.pop() + ' ' + w.join(' ');
    }
    return { s: t };
  }
  function cmp(a, b) {
    var ea = a.s === '', eb = b.s === '';
    if (ea || eb) return ea === eb ? 0 : (ea ? 1 : -1);
    if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
    if (a.n !== undefined || b.n !== undefined) return a.n !== undefined ? -1 : 1;
    return coll.compare(a.s, b.s);
  }
  document.querySelectorAll('table[data-sort]').forEach(function (table) {
    var body = table.tBodies[0];
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    if (!body || body.querySelector('td[colspan]')) return;
    Array.prototype.forEach.call(heads, function (th, col) {
      if (!th.textContent.trim()) return;
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'th-sort';
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener('click', function () {
        var up = th.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
        var byName = /^Họ và tên|^Người/.test(th.textContent.trim());
        var rows = Array.prototype.map.call(body.rows, function (tr, i) {
          return { tr: tr, k: key(tr.cells[col], byName), i: i };
        });
        rows.sort(function (x, y) {
          var c = cmp(x.k, y.k);
          // Empty cells stay last either way; ties keep the order they had.
          if (x.k.s === '' || y.k.s === '') return c || x.i - y.i;
          return (up ? c : -c) || x.i - y.i;
        });
        rows.forEach(function (r) { body.appendChild(r.tr); });
      });
    });
  });
});
