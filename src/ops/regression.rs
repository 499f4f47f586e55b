//! The two models `predict` fits to a series of equally spaced points: a least-squares line over
//! the points' positions, and an autoregressive model estimated from the series'
//! autocovariances (Yule-Walker, solved by Levinson-Durbin: stable for any window, and
//! O(n·p + p²) where least squares over lagged copies would cost O(n·p²)).

/// The least-squares line through `(i, ys[i])`: (intercept, slope). One point gives a flat line.
pub fn line(ys: &[f64]) -> (f64, f64) {
    let n = ys.len() as f64;
    if ys.is_empty() {
        return (0.0, 0.0);
    }
    let mx = (n - 1.0) / 2.0;
    let my = ys.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - mx;
        sxy += dx * (y - my);
        sxx += dx * dx;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    (my - slope * mx, slope)
}

/// An autoregressive model of order `p`: `y[t] = mean + Σ coef[i-1] · (y[t-i] - mean)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ar {
    pub mean: f64,
    pub coef: Vec<f64>,
}

impl Ar {
    /// The Yule-Walker estimate of order `p` from `ys` (biased autocovariances), or `None` when
    /// `p` is 0 or the series is too short for it (fewer than `p + 2` points). A constant
    /// series gives all-zero coefficients: it predicts its mean.
    pub fn fit(ys: &[f64], p: usize) -> Option<Ar> {
        let n = ys.len();
        if p == 0 || n < p + 2 {
            return None;
        }
        let mean = ys.iter().sum::<f64>() / n as f64;
        let d: Vec<f64> = ys.iter().map(|y| y - mean).collect();
        let r: Vec<f64> = (0..=p).map(|k| d[k..].iter().zip(&d).map(|(a, b)| a * b).sum::<f64>() / n as f64).collect();
        Some(Ar { mean, coef: levinson(&r, p) })
    }

    /// The one-step prediction after `past` (its last `p` values; `None` if it is shorter).
    pub fn next(&self, past: &[f64]) -> Option<f64> {
        let p = self.coef.len();
        if past.len() < p {
            return None;
        }
        let lags = past[past.len() - p..].iter().rev();
        Some(self.mean + self.coef.iter().zip(lags).map(|(c, y)| c * (y - self.mean)).sum::<f64>())
    }
}

/// Solves the Toeplitz system of autocovariances `r[0..=p]` for the AR coefficients.
fn levinson(r: &[f64], p: usize) -> Vec<f64> {
    let mut a = vec![0.0; p];
    let mut err = r[0];
    if err <= 0.0 {
        return a;
    }
    for k in 0..p {
        let acc = r[k + 1] - (0..k).map(|j| a[j] * r[k - j]).sum::<f64>();
        let refl = acc / err;
        let prev = a.clone();
        a[k] = refl;
        for j in 0..k {
            a[j] = prev[j] - refl * prev[k - 1 - j];
        }
        err *= 1.0 - refl * refl;
        if err <= f64::EPSILON * r[0] {
            break; // the series is fully explained; the higher orders stay 0
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn a_line_through_points() {
        assert_eq!(line(&[1.0, 2.0, 3.0, 4.0]), (1.0, 1.0));
        assert_eq!(line(&[5.0]), (5.0, 0.0));
        // x̄ = 2, ȳ = 2: Sxy = -2·1 + 1·1 = -1, Sxx = 10.
        let (a, b) = line(&[3.0, 2.0, 0.0, 3.0, 2.0]);
        assert!(close(b, -0.1) && close(a, 2.2), "{a} {b}");
        let (a, b) = line(&[1.0, 3.0, 2.0]);
        assert!(close(b, 0.5) && close(a, 1.5), "{a} {b}");
    }

    #[test]
    fn yule_walker_order_one_and_two() {
        // Mean 2.5, deviations -1.5 -0.5 0.5 1.5: r0 = 5/4, r1 = (0.75 - 0.25 + 0.75)/4 = 5/16,
        // so the order-1 coefficient is r1/r0 = 0.25.
        let m = Ar::fit(&[1.0, 2.0, 3.0, 4.0], 1).unwrap();
        assert!(close(m.mean, 2.5) && close(m.coef[0], 0.25), "{m:?}");
        assert!(close(m.next(&[1.0, 4.0]).unwrap(), 2.5 + 0.25 * 1.5));
        // r2 = (-1.5·0.5 + -0.5·1.5)/4 = -3/8; order 2 solves [r0 r1; r1 r0] a = [r1 r2].
        let m = Ar::fit(&[1.0, 2.0, 3.0, 4.0], 2).unwrap();
        let (r0, r1, r2) = (1.25, 0.3125, -0.375);
        let det = r0 * r0 - r1 * r1;
        let want = [(r1 * r0 - r1 * r2) / det, (r0 * r2 - r1 * r1) / det];
        assert!(close(m.coef[0], want[0]) && close(m.coef[1], want[1]), "{m:?} {want:?}");
    }

    #[test]
    fn constant_and_short_series() {
        let m = Ar::fit(&[7.0; 6], 2).unwrap();
        assert_eq!(m.coef, [0.0, 0.0]);
        assert_eq!(m.next(&[7.0, 7.0]), Some(7.0));
        assert_eq!(Ar::fit(&[1.0, 2.0, 3.0], 2), None);
        assert_eq!(Ar::fit(&[1.0, 2.0, 3.0], 0), None);
        assert_eq!(m.next(&[7.0]), None);
    }

    #[test]
    fn a_cycle_is_learned() {
        // 1 3 1 3 ...: with order 2 the next value follows the cycle's phase.
        let ys: Vec<f64> = (0..40).map(|i| if i % 2 == 0 { 1.0 } else { 3.0 }).collect();
        let m = Ar::fit(&ys, 2).unwrap();
        let after_three = m.next(&[1.0, 3.0]).unwrap();
        let after_one = m.next(&[3.0, 1.0]).unwrap();
        assert!(after_three < 1.3 && after_one > 2.7, "{after_three} {after_one}");
    }
}
