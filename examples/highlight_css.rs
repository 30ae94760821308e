//! Prints the stylesheet block of code highlighting colours (light, and
//! dark for dark systems) that the built-in theme's `style.css` carries.
//!
//! cargo run --example highlight_css

#![allow(clippy::print_stdout)]

fn main() {
    print!("{}", gazette::highlight::stylesheet());
}
