//! Which events contain a query's keywords, remembered: a repeated or refined search over
//! loaded events then reads only those instead of scanning every event's text again.

use std::sync::{Arc, Mutex};

/// Sets kept at once; the oldest goes first.
const KEEP: usize = 16;

/// Event lists by key (the keywords, lower-cased), dropped whenever the events change.
#[derive(Default)]
pub struct Found {
    sets: Mutex<Vec<(String, Arc<Vec<u32>>)>>,
}

impl Found {
    /// The list for `key`, computing it with `find` the first time.
    pub fn get_or(&self, key: &str, find: impl FnOnce() -> Vec<u32>) -> Arc<Vec<u32>> {
        if let Some(hit) = self.lock().iter().find(|(k, _)| k == key) {
            return hit.1.clone();
        }
        // Computed outside the lock: two threads may both compute it, which is harmless.
        let set = Arc::new(find());
        let mut sets = self.lock();
        if sets.len() >= KEEP {
            sets.remove(0);
        }
        sets.push((key.to_string(), set.clone()));
        set
    }

    pub fn clear(&mut self) {
        self.sets.get_mut().unwrap_or_else(|e| e.into_inner()).clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<(String, Arc<Vec<u32>>)>> {
        self.sets.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_and_forgets_on_clear() {
        let mut f = Found::default();
        let mut calls = 0;
        let a = f.get_or("x", || {
            calls += 1;
            vec![1, 2]
        });
        let b = f.get_or("x", || unreachable!("cached"));
        assert_eq!((a.as_slice(), b.as_slice(), calls), (&[1, 2][..], &[1, 2][..], 1));
        f.clear();
        let c = f.get_or("x", || vec![3]);
        assert_eq!(c.as_slice(), &[3]);
    }
}
