//! The core's modules import in one direction: no file is reached again by following its
//! own `super::` imports (issue 23: the `model ↔ segment ↔ rule ↔ shape ↔ snapshot`
//! circle). Doc comments do not count; code does.

use std::collections::{BTreeMap, BTreeSet};

/// Module → the sibling modules its code names as `super::<module>`.
fn imports(dir: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    let names: BTreeSet<String> = files
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for p in &files {
        let me = p.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(p).unwrap();
        let mut deps = BTreeSet::new();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for part in line.split("super::").skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if name != me && names.contains(&name) {
                    deps.insert(name);
                }
            }
        }
        out.insert(me, deps);
    }
    out
}

/// A circle of imports, if there is one, as the path around it.
fn circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        g: &BTreeMap<String, BTreeSet<String>>,
        at: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == at) {
            let mut c = path[i..].to_vec();
            c.push(at.to_string());
            return Some(c);
        }
        if done.contains(at) {
            return None;
        }
        path.push(at.to_string());
        for next in g.get(at).into_iter().flatten() {
            if let Some(c) = visit(g, next, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(at.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|start| visit(graph, start, &mut Vec::new(), &mut done))
}

#[test]
fn the_core_imports_in_one_direction() {
    let core = imports("src/core");
    assert!(core["condition"].is_subset(
        &["error", "json", "limits", "num", "strs"]
            .map(String::from)
            .into()
    ));
    assert!(core["limits"].is_empty());
    assert_eq!(circle(&core), None, "{core:#?}");
    // The check finds a circle when there is one.
    let mut with_circle = core.clone();
    with_circle.get_mut("limits").unwrap().insert("rule".into());
    assert!(circle(&with_circle).is_some());
}

/// The web layer too (issue 23): the live state below the loop (`dispatch`), saving and
/// reading stored state (`persist`) and the Web Lock (`claim`) below it, the other-tab
/// listeners (`tabs`) and the host's handle (`checklist`) above it, `mount` on top.
#[test]
fn the_web_layer_imports_in_one_direction() {
    let web = imports("src/web");
    assert_eq!(circle(&web), None, "{web:#?}");
    for low in ["live", "persist", "claim", "render", "dom"] {
        assert!(!web[low].contains("dispatch"), "{low} imports dispatch");
    }
    assert!(web["claim"].is_empty(), "{:?}", web["claim"]);
    assert!(web["dispatch"].contains("persist") && web["tabs"].contains("dispatch"));
    assert!(web.values().all(|deps| !deps.contains("mount")));
}
