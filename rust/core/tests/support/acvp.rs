//! NIST ACVP JSON: `prompt.json` (inputs) joined with `expectedResults.json` (outputs).
//!
//! The join is on `tgId` and `tcId`, field by field, and is strict: every prompt group and
//! case must have exactly one expected counterpart and vice versa, and the two files may not
//! disagree on a shared field. Suites then read the joined cases into typed structs with
//! `deny_unknown_fields`, so a field they do not understand fails instead of being ignored.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::path::Path;

/// One test group: its parameters and its joined cases.
pub struct Group<G, T> {
    /// Group parameters (`tgId`, `parameterSet`, …).
    pub params: G,
    /// Cases, each with the prompt's inputs and the expected outputs.
    pub tests: Vec<T>,
}

/// A loaded vector set.
pub struct VectorSet<G, T> {
    /// Groups in file order.
    pub groups: Vec<Group<G, T>>,
}

impl<G, T> VectorSet<G, T> {
    /// Number of cases in all groups.
    pub fn case_count(&self) -> usize {
        self.groups.iter().map(|g| g.tests.len()).sum()
    }
}

fn object<'a>(value: &'a Value, what: &str) -> &'a Map<String, Value> {
    value.as_object().unwrap_or_else(|| panic!("{what} is not a JSON object"))
}

fn array<'a>(value: &'a Map<String, Value>, key: &str, what: &str) -> &'a Vec<Value> {
    value.get(key).and_then(Value::as_array).unwrap_or_else(|| panic!("{what} has no array {key:?}"))
}

fn id(value: &Map<String, Value>, key: &str, what: &str) -> u64 {
    value.get(key).and_then(Value::as_u64).unwrap_or_else(|| panic!("{what} has no integer {key:?}"))
}

/// Copies `expected`'s fields into `prompt`; a field both carry must be equal.
fn merge_fields(prompt: &mut Map<String, Value>, expected: &Map<String, Value>, what: &str) {
    for (key, value) in expected {
        match prompt.get(key) {
            Some(existing) => assert_eq!(existing, value, "{what}: prompt and expected results disagree on {key:?}"),
            None => {
                prompt.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Finds the single element of `items` whose `key` is `wanted`.
fn find_by_id<'a>(items: &'a [Value], key: &str, wanted: u64, what: &str) -> &'a Map<String, Value> {
    let mut found =
        items.iter().map(|v| object(v, what)).filter(|o| o.get(key).and_then(Value::as_u64) == Some(wanted));
    let first = found.next().unwrap_or_else(|| panic!("{what}: expected results have no {key} {wanted}"));
    assert!(found.next().is_none(), "{what}: expected results have {key} {wanted} twice");
    first
}

fn join_group(prompt: &Value, expected_groups: &[Value], file: &str) -> (Value, Vec<Value>) {
    let mut group = object(prompt, file).clone();
    let tg_id = id(&group, "tgId", file);
    let what = format!("{file} tgId {tg_id}");
    let expected = find_by_id(expected_groups, "tgId", tg_id, &what);
    let prompt_tests = array(&group, "tests", &what).clone();
    let expected_tests = array(expected, "tests", &what);
    assert_eq!(prompt_tests.len(), expected_tests.len(), "{what}: case counts differ between prompt and expected");
    let tests = prompt_tests
        .iter()
        .map(|test| {
            let mut test = object(test, &what).clone();
            let tc_id = id(&test, "tcId", &what);
            let case = format!("{what} tcId {tc_id}");
            merge_fields(&mut test, find_by_id(expected_tests, "tcId", tc_id, &case), &case);
            Value::Object(test)
        })
        .collect();
    let mut expected_params = expected.clone();
    expected_params.remove("tests");
    group.remove("tests");
    merge_fields(&mut group, &expected_params, &what);
    (Value::Object(group), tests)
}

/// Loads `prompt.json` and `expectedResults.json` from `dir`, checks that they describe
/// `algorithm`/`mode`, joins them and parses every group and case.
pub fn load<G: DeserializeOwned, T: DeserializeOwned>(dir: &Path, algorithm: &str, mode: &str) -> VectorSet<G, T> {
    let prompt: Value = super::read_json(&dir.join("prompt.json"));
    let expected: Value = super::read_json(&dir.join("expectedResults.json"));
    let (prompt, expected) = (object(&prompt, "prompt.json"), object(&expected, "expectedResults.json"));
    for (file, top) in [("prompt.json", prompt), ("expectedResults.json", expected)] {
        assert_eq!(top.get("algorithm").and_then(Value::as_str), Some(algorithm), "{file}: algorithm");
        assert_eq!(top.get("mode").and_then(Value::as_str), Some(mode), "{file}: mode");
    }
    assert_eq!(prompt.get("vsId"), expected.get("vsId"), "prompt and expected results are from different sets");
    let prompt_groups = array(prompt, "testGroups", "prompt.json");
    let expected_groups = array(expected, "testGroups", "expectedResults.json");
    assert_eq!(prompt_groups.len(), expected_groups.len(), "group counts differ between prompt and expected");
    let groups = prompt_groups
        .iter()
        .map(|group| {
            let (params, tests) = join_group(group, expected_groups, "prompt.json");
            let where_ = format!("{algorithm} {mode} tgId {}", params.get("tgId").cloned().unwrap_or_default());
            let params = serde_json::from_value(params).unwrap_or_else(|e| panic!("{where_}: {e}"));
            let tests = tests
                .into_iter()
                .map(|t| {
                    let tc_id = t.get("tcId").cloned().unwrap_or_default();
                    serde_json::from_value(t).unwrap_or_else(|e| panic!("{algorithm} {mode} tcId {tc_id}: {e}"))
                })
                .collect();
            Group { params, tests }
        })
        .collect();
    VectorSet { groups }
}
