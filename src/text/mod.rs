//! The text model: spans and offset maps, line index, normalisation,
//! paragraph and sentence segmentation.

mod lines;
mod normalize;
mod segment;
mod span;

pub use lines::{LineColumn, LineIndex};
pub use normalize::{Normalized, is_normal, normalize};
pub use segment::{Segmentation, Sentence, segment};
pub use span::{OffsetMap, Span};
