//! Pixels: decoding pages, comparing them with a tolerance, drawing what changed, and writing
//! small PNG files. The layout regression tests and `cvpdf diff` compare pages the same way.

use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::{ExtendedColorType, ImageEncoder, Rgba, RgbaImage};

/// How far one channel may drift before a pixel counts as changed (anti-aliasing noise).
pub const CHANNEL_TOLERANCE: u8 = 16;

/// How many changed pixels a page may have and still pass.
///
/// A changed word changes hundreds of pixels even at 1 px/pt, so 20 catches it while leaving
/// room for a stray anti-aliased edge.
pub const MAX_DIFFERING_PIXELS: u64 = 20;

/// The colour of a changed pixel in a diff image.
const CHANGED: Rgba<u8> = Rgba([230, 0, 0, 255]);

/// The result of comparing a page with its reference.
pub struct Comparison {
    /// How many pixels differ by more than [`CHANNEL_TOLERANCE`] in some channel; a pixel that
    /// only one of the two images has (their sizes differ) counts as differing.
    pub differing: u64,
    /// The reference, greyed and faded, with every differing pixel in red.
    pub diff: RgbaImage,
}

impl Comparison {
    /// Returns true if and only if the page is close enough to its reference to pass.
    pub fn passes(&self) -> bool {
        self.differing <= MAX_DIFFERING_PIXELS
    }
}

/// Decodes PNG bytes into RGBA pixels.
pub fn decode(png: &[u8]) -> Result<RgbaImage, image::ImageError> {
    Ok(image::load_from_memory_with_format(png, image::ImageFormat::Png)?.to_rgba8())
}

/// Returns true if and only if `a` and `b` differ at this position by more than the tolerance.
fn pixel_differs(a: &Rgba<u8>, b: &Rgba<u8>) -> bool {
    a.0.iter()
        .zip(b.0.iter())
        .any(|(x, y)| x.abs_diff(*y) > CHANNEL_TOLERANCE)
}

/// Returns a reference pixel greyed and faded, so red marks stand out on it.
fn faded(pixel: &Rgba<u8>) -> Rgba<u8> {
    let [r, g, b, a] = pixel.0.map(u32::from);
    // Composite on white first: a transparent page background reads as paper.
    let over_white = |c: u32| (c * a + 255 * (255 - a)) / 255;
    let luma = (over_white(r) * 299 + over_white(g) * 587 + over_white(b) * 114) / 1000;
    let light = u8::try_from(255 - (255 - luma) / 3).unwrap_or(u8::MAX);
    Rgba([light, light, light, 255])
}

/// Compares `actual` with `reference`, pixel by pixel.
pub fn compare(reference: &RgbaImage, actual: &RgbaImage) -> Comparison {
    let width = reference.width().max(actual.width());
    let height = reference.height().max(actual.height());
    let mut diff = RgbaImage::from_pixel(width, height, Rgba([255, 255, 255, 255]));
    let mut differing = 0;
    for (x, y, out) in diff.enumerate_pixels_mut() {
        let expected = reference.get_pixel_checked(x, y);
        let got = actual.get_pixel_checked(x, y);
        let changed = match (expected, got) {
            (Some(expected), Some(got)) => pixel_differs(expected, got),
            _ => true,
        };
        if changed {
            differing += 1;
            *out = CHANGED;
        } else if let Some(expected) = expected {
            *out = faded(expected);
        }
    }
    Comparison { differing, diff }
}

/// Returns true if and only if the two images have the same size and exactly the same pixels.
pub fn identical(a: &RgbaImage, b: &RgbaImage) -> bool {
    a.dimensions() == b.dimensions() && a.as_raw() == b.as_raw()
}

/// Encodes `image` as a small, lossless PNG: grey or RGB when that loses nothing, the best
/// compression, and whichever of an adaptive filter and no filter gives the smaller file (text
/// on a white page often compresses better unfiltered).
pub fn encode_small(image: &RgbaImage) -> Vec<u8> {
    let opaque = image.pixels().all(|p| p.0[3] == 255);
    let grey = opaque && image.pixels().all(|p| p.0[0] == p.0[1] && p.0[1] == p.0[2]);
    let (data, color): (Vec<u8>, ExtendedColorType) = if grey {
        (
            image.pixels().map(|p| p.0[0]).collect(),
            ExtendedColorType::L8,
        )
    } else if opaque {
        (
            image
                .pixels()
                .flat_map(|p| [p.0[0], p.0[1], p.0[2]])
                .collect(),
            ExtendedColorType::Rgb8,
        )
    } else {
        (image.as_raw().clone(), ExtendedColorType::Rgba8)
    };
    let encode = |filter: FilterType| {
        let mut png = Vec::new();
        PngEncoder::new_with_quality(&mut png, CompressionType::Best, filter)
            .write_image(&data, image.width(), image.height(), color)
            .expect("encoding an in-memory image of a valid size cannot fail");
        png
    };
    let adaptive = encode(FilterType::Adaptive);
    let unfiltered = encode(FilterType::NoFilter);
    if unfiltered.len() < adaptive.len() {
        unfiltered
    } else {
        adaptive
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(width: u32, height: u32) -> RgbaImage {
        RgbaImage::from_pixel(width, height, Rgba([255, 255, 255, 255]))
    }

    #[test]
    fn drift_within_the_tolerance_is_not_a_change() {
        let reference = page(10, 10);
        let mut actual = page(10, 10);
        actual.put_pixel(3, 3, Rgba([255 - CHANNEL_TOLERANCE, 255, 255, 255]));
        let comparison = compare(&reference, &actual);
        assert_eq!(comparison.differing, 0);
        actual.put_pixel(3, 3, Rgba([255 - CHANNEL_TOLERANCE - 1, 255, 255, 255]));
        let comparison = compare(&reference, &actual);
        assert_eq!(comparison.differing, 1);
        assert_eq!(*comparison.diff.get_pixel(3, 3), CHANGED);
        assert_eq!(*comparison.diff.get_pixel(0, 0), Rgba([255, 255, 255, 255]));
    }

    #[test]
    fn a_size_change_counts_the_missing_pixels() {
        let comparison = compare(&page(10, 10), &page(10, 12));
        assert_eq!(comparison.differing, 20);
        assert!(comparison.passes());
        assert!(!compare(&page(10, 10), &page(12, 12)).passes());
    }

    #[test]
    fn small_pngs_decode_to_the_same_pixels() {
        let mut image = page(7, 5);
        image.put_pixel(1, 1, Rgba([10, 10, 10, 255]));
        let grey = decode(&encode_small(&image)).expect("a grey PNG decodes");
        assert!(identical(&image, &grey));
        image.put_pixel(2, 2, Rgba([200, 30, 10, 255]));
        let rgb = decode(&encode_small(&image)).expect("an RGB PNG decodes");
        assert!(identical(&image, &rgb));
        image.put_pixel(3, 3, Rgba([0, 0, 0, 0]));
        let rgba = decode(&encode_small(&image)).expect("an RGBA PNG decodes");
        assert!(identical(&image, &rgba));
    }
}
