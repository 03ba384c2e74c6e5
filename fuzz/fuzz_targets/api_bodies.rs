#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| bvctnb_fuzzing::api_bodies(data));
