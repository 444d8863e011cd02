//! Prints the file of every country's Kazakh name (`kelisim::country::kk_file`), which
//! `scripts/build.sh` ships as `dist/app/countries-kk.<hash>.txt`: the first layer carries only
//! the countries sites here name and fetches this file when a Kazakh banner names another.
//!
//! `cargo run --example country_names > countries-kk.txt`
fn main() {
    print!("{}", kelisim::country::kk_file());
}
