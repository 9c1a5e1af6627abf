//! `--max-pages`: tighten a layout until the résumé fits in N pages, or say how far it got.
//!
//! The layouts scale their spacing, margins and font sizes by the three factors of [`Fit`]. The
//! search tightens them in that order — spacing first because it costs the reader least, type
//! size last — each down to a floor, and within the first step that fits it bisects for the
//! loosest value that still fits. Every try is a full compile, but Typst's memoisation (comemo)
//! reuses everything the factors do not touch, so a try costs a fraction of the first compile;
//! the search is bounded at [`MAX_TRIES`] compiles.

use super::{Compiled, Fit, TypesetError, TypesetOptions};

/// The tightest each factor may go: spacing to 50 %, margins to 60 %, type to 88 % (a 10 pt body
/// becomes 8.8 pt, about the smallest that still reads comfortably in print).
pub const FLOOR: Fit = Fit {
    spacing: 0.5,
    margin: 0.6,
    size: 0.88,
};

/// The most compiles one search may take.
pub const MAX_TRIES: usize = 16;

/// Bisection steps within the step that fits.
const BISECT_STEPS: usize = 4;

/// What the search did.
#[derive(Debug, Clone, PartialEq)]
pub struct FitOutcome {
    /// The factors used for the final document.
    pub fit: Fit,
    /// The page count the layout needs as drawn.
    pub natural_pages: usize,
    /// The page count of the final document.
    pub pages: usize,
    /// The page limit asked for.
    pub max_pages: usize,
    /// How many compiles the search took.
    pub tries: usize,
}

impl FitOutcome {
    /// Returns true if and only if the document fits the limit.
    pub fn fits(&self) -> bool {
        self.pages <= self.max_pages
    }

    /// Describes what was tightened, in words (`spacing 78 %, margins 100 %, type 100 %`).
    pub fn describe(&self) -> String {
        let percent = |factor: f64| (factor * 100.0).round();
        format!(
            "spacing {}%, margins {}%, type {}%",
            percent(self.fit.spacing),
            percent(self.fit.margin),
            percent(self.fit.size)
        )
    }
}

/// Compiles with `options`, tightened as needed to fit `max_pages` pages.
///
/// `compile` is the compile step (the caller adds what it needs, like keywords). When even the
/// floors do not fit, returns the document at the floors: the best effort.
///
/// # Errors
/// Returns the first compile error.
pub fn compile_within(
    options: &TypesetOptions,
    max_pages: usize,
    mut compile: impl FnMut(&TypesetOptions) -> Result<Compiled, TypesetError>,
) -> Result<(Compiled, FitOutcome), TypesetError> {
    let max_pages = max_pages.max(1);
    let mut tries = 0;
    let mut try_fit = |fit: Fit| -> Result<Compiled, TypesetError> {
        tries += 1;
        let mut options = options.clone();
        options.settings.fit = fit;
        compile(&options)
    };
    let natural = options.settings.fit;
    let compiled = try_fit(natural)?;
    let natural_pages = compiled.page_count();
    if natural_pages <= max_pages {
        let outcome = FitOutcome {
            fit: natural,
            natural_pages,
            pages: natural_pages,
            max_pages,
            tries: 1,
        };
        return Ok((compiled, outcome));
    }

    // Each step tightens one more factor to its floor, keeping the earlier ones at theirs.
    let mut base = natural;
    let mut best = compiled;
    let mut best_fit = natural;
    for factor in [Factor::Spacing, Factor::Margin, Factor::Size] {
        let start = factor.get(base);
        let floor = factor.get(FLOOR).min(start);
        let tight = factor.set(base, floor);
        best = try_fit(tight)?;
        best_fit = tight;
        if best.page_count() > max_pages {
            // Not even the floor fits: keep it and tighten the next factor.
            base = tight;
            continue;
        }
        // The floor fits: bisect for the loosest value that still fits.
        let (mut fits, mut fails) = (floor, start);
        for _ in 0..BISECT_STEPS {
            let middle = (fits + fails) / 2.0;
            let candidate = factor.set(base, middle);
            let compiled = try_fit(candidate)?;
            if compiled.page_count() <= max_pages {
                fits = middle;
                best = compiled;
                best_fit = candidate;
            } else {
                fails = middle;
            }
        }
        break;
    }
    let outcome = FitOutcome {
        fit: best_fit,
        natural_pages,
        pages: best.page_count(),
        max_pages,
        tries,
    };
    Ok((best, outcome))
}

/// One of the three factors a layout scales by.
#[derive(Debug, Clone, Copy)]
enum Factor {
    Spacing,
    Margin,
    Size,
}

impl Factor {
    fn get(self, fit: Fit) -> f64 {
        match self {
            Factor::Spacing => fit.spacing,
            Factor::Margin => fit.margin,
            Factor::Size => fit.size,
        }
    }

    fn set(self, fit: Fit, value: f64) -> Fit {
        match self {
            Factor::Spacing => Fit {
                spacing: value,
                ..fit
            },
            Factor::Margin => Fit {
                margin: value,
                ..fit
            },
            Factor::Size => Fit { size: value, ..fit },
        }
    }
}
