//! Byte spans and the offset maps that carry them between text layers.
//!
//! claimlint works on layers of text derived from each other: the file's
//! bytes, the decoded source text, the prose extracted from markup and the
//! normalised view the rules match on. Each derivation records an
//! [`OffsetMap`] so that a span found in a derived layer can be carried back
//! exactly, without ever searching for the matched text again.

use std::ops::Range;

/// A half-open byte range `[start, end)` into one text layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span shifted right by `by` bytes (a span relative to a slice,
    /// made absolute).
    pub fn offset(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

/// One piece of a derived text and the piece of its origin it came from.
///
/// A verbatim segment is a byte-for-byte copy, so offsets inside it map
/// linearly. A replaced segment (a transcoded character, a width-folded
/// character, a decoded entity) maps only as a whole: an offset inside it
/// snaps to its start or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    derived: usize,
    origin: usize,
    derived_len: usize,
    origin_len: usize,
    verbatim: bool,
}

/// Maps byte offsets of a derived text back to byte offsets of its origin.
///
/// Built by appending pieces in order; an identity map has no segments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    derived_len: usize,
    origin_len: usize,
}

impl OffsetMap {
    /// The map of a text onto an identical copy of itself.
    pub fn identity(len: usize) -> Self {
        let mut map = OffsetMap::default();
        map.push_verbatim(0, len);
        map
    }

    /// Appends `len` bytes copied verbatim from `origin` onwards.
    pub fn push_verbatim(&mut self, origin: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.segments.last_mut()
            && last.verbatim
            && last.derived + last.derived_len == self.derived_len
            && last.origin + last.origin_len == origin
        {
            last.derived_len += len;
            last.origin_len += len;
        } else {
            self.segments.push(Segment {
                derived: self.derived_len,
                origin,
                derived_len: len,
                origin_len: len,
                verbatim: true,
            });
        }
        self.derived_len += len;
        self.origin_len = self.origin_len.max(origin + len);
    }

    /// Appends `derived_len` bytes that replace the origin bytes `origin`.
    pub fn push_replaced(&mut self, origin: Range<usize>, derived_len: usize) {
        self.segments.push(Segment {
            derived: self.derived_len,
            origin: origin.start,
            derived_len,
            origin_len: origin.len(),
            verbatim: false,
        });
        self.derived_len += derived_len;
        self.origin_len = self.origin_len.max(origin.end);
    }

    /// Length of the derived text this map covers.
    pub fn derived_len(&self) -> usize {
        self.derived_len
    }

    /// Carries a span of the derived text back to the origin. A span that
    /// starts or ends inside a replaced segment grows to cover all of it.
    pub fn to_origin(&self, span: Span) -> Span {
        let start = self.origin_start(span.start);
        let end = if span.is_empty() { start } else { self.origin_end(span.end).max(start) };
        Span::new(start, end)
    }

    fn origin_start(&self, offset: usize) -> usize {
        // The segment containing `offset`, preferring the one that starts there.
        let index = self.segments.partition_point(|s| s.derived + s.derived_len <= offset);
        match self.segments.get(index) {
            Some(s) if s.derived <= offset => {
                if s.verbatim {
                    s.origin + (offset - s.derived)
                } else {
                    s.origin
                }
            }
            _ => self.segments.last().map_or(offset, |s| s.origin + s.origin_len),
        }
    }

    fn origin_end(&self, offset: usize) -> usize {
        // The segment containing `offset`, preferring the one that ends there.
        let index = self.segments.partition_point(|s| s.derived + s.derived_len < offset);
        match self.segments.get(index) {
            Some(s) if s.derived < offset => {
                if s.verbatim {
                    s.origin + (offset - s.derived)
                } else {
                    s.origin + s.origin_len
                }
            }
            Some(s) => s.origin,
            None => self.segments.last().map_or(offset, |s| s.origin + s.origin_len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_maps_every_offset_to_itself() {
        let map = OffsetMap::identity(10);
        assert_eq!(map.to_origin(Span::new(0, 10)), Span::new(0, 10));
        assert_eq!(map.to_origin(Span::new(3, 7)), Span::new(3, 7));
        assert_eq!(map.to_origin(Span::new(4, 4)), Span::new(4, 4));
    }

    #[test]
    fn verbatim_after_a_prefix_is_shifted() {
        // A BOM of three bytes dropped from the front.
        let mut map = OffsetMap::default();
        map.push_verbatim(3, 9);
        assert_eq!(map.to_origin(Span::new(0, 3)), Span::new(3, 6));
        assert_eq!(map.to_origin(Span::new(6, 9)), Span::new(9, 12));
    }

    #[test]
    fn replaced_segments_snap_to_their_whole_origin() {
        // "a" verbatim, then 3 derived bytes standing for 2 origin bytes, then "b".
        let mut map = OffsetMap::default();
        map.push_verbatim(0, 1);
        map.push_replaced(1..3, 3);
        map.push_verbatim(3, 1);
        assert_eq!(map.to_origin(Span::new(1, 4)), Span::new(1, 3));
        assert_eq!(map.to_origin(Span::new(2, 3)), Span::new(1, 3));
        assert_eq!(map.to_origin(Span::new(0, 5)), Span::new(0, 4));
        assert_eq!(map.to_origin(Span::new(4, 5)), Span::new(3, 4));
        assert_eq!(map.to_origin(Span::new(0, 1)), Span::new(0, 1));
    }

    #[test]
    fn adjacent_verbatim_pieces_merge() {
        let mut map = OffsetMap::default();
        map.push_verbatim(0, 2);
        map.push_verbatim(2, 2);
        assert_eq!(map.segments.len(), 1);
        map.push_verbatim(10, 2);
        assert_eq!(map.segments.len(), 2);
        assert_eq!(map.to_origin(Span::new(3, 5)), Span::new(3, 11));
    }
}
