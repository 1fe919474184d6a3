pub mod morph;
