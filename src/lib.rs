//! cvpdf turns Markdown résumés into print-ready, archival PDFs that applicant-tracking systems
//! read back correctly.
//!
//! The pipeline runs one way, one module per stage:
//! 1. [`text`] repairs the bytes of a file into clean text (encodings, mojibake, lost bytes);
//! 2. [`parse`] reads the Markdown into a [`Profile`](profile::Profile);
//! 3. [`typeset`] lays the profile out with a Typst layout;
//! 4. [`export`] writes the PDF or PNG pages ([`emit`] the Typst project instead).

pub mod diagnostic;
pub mod emit;
pub mod export;
pub mod jsonresume;
pub mod parse;
pub mod pixels;
pub mod profile;
pub mod render;
pub mod text;
pub mod typeset;
