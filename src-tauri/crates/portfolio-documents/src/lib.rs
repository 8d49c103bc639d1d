//! Print documents of a portfolio as PDF: the Learning Plan, the exhibition
//! packet and the progress summary.
#![warn(missing_docs)]
