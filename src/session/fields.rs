//! Field names seen in the data, for completion: dotted JSON paths as `json "path"` takes them.

use crate::store::Store;
use std::collections::HashMap;

/// Paths (up to `depth` levels) of objects in the first `sample` events, most frequent first.
pub fn field_paths(store: &Store, sample: usize, depth: usize) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in 0..store.len().min(sample) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(store.raw(i)) {
            walk(&v, "", depth, &mut seen);
        }
    }
    let mut paths: Vec<(String, usize)> = seen.into_iter().collect();
    paths.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    paths.into_iter().map(|(p, _)| p).collect()
}

fn walk(v: &serde_json::Value, prefix: &str, depth: usize, seen: &mut HashMap<String, usize>) {
    let Some(map) = v.as_object() else { return };
    for (k, child) in map {
        let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        if depth > 1 && child.is_object() {
            walk(child, &path, depth - 1, seen);
        } else {
            *seen.entry(path).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_paths_most_frequent_first() {
        let mut s = Store::new();
        let src = s.add_source(Default::default());
        s.push_owned(r#"{"eventName":"A","userIdentity":{"type":"IAMUser","sessionContext":{"x":1}}}"#, 2, src);
        s.push_owned(r#"{"eventName":"B"}"#, 1, src);
        s.finish();
        let p = field_paths(&s, 10, 2);
        assert_eq!(p[0], "eventName");
        assert!(p.contains(&"userIdentity.type".to_string()));
        assert!(p.contains(&"userIdentity.sessionContext".to_string()));
        assert!(!p.iter().any(|x| x.contains(".x")));
    }
}
