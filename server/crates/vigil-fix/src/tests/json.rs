//! JSON fixes: CloudFormation templates and Kubernetes manifests written as JSON.

use super::*;
use serde_json::json;

const TEMPLATE: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "Env": {"Type": "String", "Default": "dev"}
  },
  "Resources": {
    "Bucket": {
      "Type": "AWS::S3::Bucket",
      "Properties": {
        "BucketName": {"Fn::Sub": "${Env}-logs"},
        "AccessControl": "PublicRead",
        "Tags": [
          {"Key": "env", "Value": {"Ref": "Env"}}
        ]
      }
    },
    "Queue": {
      "Type": "AWS::SQS::Queue"
    },
    "Topic": {
      "Type": "AWS::SNS::Topic",
      "Properties": {}
    }
  }
}
"#;

#[test]
fn adds_members_and_missing_parents_at_the_files_indentation() {
    let out = fix_one(
        "template.json",
        TEMPLATE,
        "Bucket",
        json!([
            {"op": "add", "path": "/VersioningConfiguration/Status", "value": "Enabled"},
            {"op": "add", "path": "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm", "value": "aws:kms"},
            {"op": "replace", "path": "/AccessControl", "value": "Private"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {
        "Env": {"Type": "String", "Default": "dev"}
      },
      "Resources": {
        "Bucket": {
          "Type": "AWS::S3::Bucket",
          "Properties": {
            "BucketName": {"Fn::Sub": "${Env}-logs"},
            "AccessControl": "Private",
            "Tags": [
              {"Key": "env", "Value": {"Ref": "Env"}}
            ],
            "VersioningConfiguration": {
              "Status": "Enabled"
            },
            "BucketEncryption": {
              "ServerSideEncryptionConfiguration": [
                {
                  "ServerSideEncryptionByDefault": {
                    "SSEAlgorithm": "aws:kms"
                  }
                }
              ]
            }
          }
        },
        "Queue": {
          "Type": "AWS::SQS::Queue"
        },
        "Topic": {
          "Type": "AWS::SNS::Topic",
          "Properties": {}
        }
      }
    }
    "#);
}

#[test]
fn creates_properties_and_fills_empty_objects() {
    let out = fix_one(
        "template.json",
        TEMPLATE,
        "Queue",
        json!([
            {"op": "add", "path": "/SqsManagedSseEnabled", "value": true},
            {"op": "add", "path": "/RedrivePolicy", "value": {}},
            {"op": "add", "path": "/RedrivePolicy/maxReceiveCount", "value": 5},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {
        "Env": {"Type": "String", "Default": "dev"}
      },
      "Resources": {
        "Bucket": {
          "Type": "AWS::S3::Bucket",
          "Properties": {
            "BucketName": {"Fn::Sub": "${Env}-logs"},
            "AccessControl": "PublicRead",
            "Tags": [
              {"Key": "env", "Value": {"Ref": "Env"}}
            ]
          }
        },
        "Queue": {
          "Type": "AWS::SQS::Queue",
          "Properties": {
            "SqsManagedSseEnabled": true,
            "RedrivePolicy": {
              "maxReceiveCount": 5
            }
          }
        },
        "Topic": {
          "Type": "AWS::SNS::Topic",
          "Properties": {}
        }
      }
    }
    "#);
    let out = fix_one(
        "template.json",
        TEMPLATE,
        "Topic",
        json!([{"op": "add", "path": "/KmsMasterKeyId", "value": "alias/aws/sns"}]),
    );
    insta::assert_snapshot!(out, @r#"
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {
        "Env": {"Type": "String", "Default": "dev"}
      },
      "Resources": {
        "Bucket": {
          "Type": "AWS::S3::Bucket",
          "Properties": {
            "BucketName": {"Fn::Sub": "${Env}-logs"},
            "AccessControl": "PublicRead",
            "Tags": [
              {"Key": "env", "Value": {"Ref": "Env"}}
            ]
          }
        },
        "Queue": {
          "Type": "AWS::SQS::Queue"
        },
        "Topic": {
          "Type": "AWS::SNS::Topic",
          "Properties": {
            "KmsMasterKeyId": "alias/aws/sns"
          }
        }
      }
    }
    "#);
}

#[test]
fn arrays_grow_and_shrink() {
    let out = fix_one(
        "template.json",
        TEMPLATE,
        "Bucket",
        json!([
            {"op": "add", "path": "/Tags/-", "value": {"Key": "owner", "Value": "platform"}},
            {"op": "add", "path": "/Tags/0", "value": {"Key": "first", "Value": "1"}},
            {"op": "remove", "path": "/Tags/1"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {
        "Env": {"Type": "String", "Default": "dev"}
      },
      "Resources": {
        "Bucket": {
          "Type": "AWS::S3::Bucket",
          "Properties": {
            "BucketName": {"Fn::Sub": "${Env}-logs"},
            "AccessControl": "PublicRead",
            "Tags": [
              {"Key": "first", "Value": "1"},
              {"Key": "owner", "Value": "platform"}
            ]
          }
        },
        "Queue": {
          "Type": "AWS::SQS::Queue"
        },
        "Topic": {
          "Type": "AWS::SNS::Topic",
          "Properties": {}
        }
      }
    }
    "#);
}

#[test]
fn removes_members_with_their_comma() {
    let out = fix_one(
        "template.json",
        TEMPLATE,
        "Bucket",
        json!([
            {"op": "remove", "path": "/Tags"},
            {"op": "remove", "path": "/AccessControl"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {
        "Env": {"Type": "String", "Default": "dev"}
      },
      "Resources": {
        "Bucket": {
          "Type": "AWS::S3::Bucket",
          "Properties": {
            "BucketName": {"Fn::Sub": "${Env}-logs"}
          }
        },
        "Queue": {
          "Type": "AWS::SQS::Queue"
        },
        "Topic": {
          "Type": "AWS::SNS::Topic",
          "Properties": {}
        }
      }
    }
    "#);
    let out = fix_one("template.json", TEMPLATE, "Bucket", json!([{"op": "remove", "path": "/BucketName"}]));
    insta::assert_snapshot!(out, @r#"
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {
        "Env": {"Type": "String", "Default": "dev"}
      },
      "Resources": {
        "Bucket": {
          "Type": "AWS::S3::Bucket",
          "Properties": {
            "AccessControl": "PublicRead",
            "Tags": [
              {"Key": "env", "Value": {"Ref": "Env"}}
            ]
          }
        },
        "Queue": {
          "Type": "AWS::SQS::Queue"
        },
        "Topic": {
          "Type": "AWS::SNS::Topic",
          "Properties": {}
        }
      }
    }
    "#);
    let out = fix_one(
        "template.json",
        TEMPLATE,
        "Bucket",
        json!([
            {"op": "remove", "path": "/Nothing"},
            {"op": "remove", "path": "/Tags/7"},
            {"op": "remove", "path": "/Missing/Child"},
        ]),
    );
    assert_eq!(out, "");
}

#[test]
fn intrinsics_are_replaced_whole_or_not_at_all() {
    let out = fix_one(
        "template.json",
        TEMPLATE,
        "Bucket",
        json!([
            {"op": "replace", "path": "/BucketName", "value": "dev-logs"},
            {"op": "replace", "path": "/Tags/0/Value", "value": {"nested": [1, 2]}},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Parameters": {
        "Env": {"Type": "String", "Default": "dev"}
      },
      "Resources": {
        "Bucket": {
          "Type": "AWS::S3::Bucket",
          "Properties": {
            "BucketName": "dev-logs",
            "AccessControl": "PublicRead",
            "Tags": [
              {"Key": "env", "Value": {"nested": [1, 2]}}
            ]
          }
        },
        "Queue": {
          "Type": "AWS::SQS::Queue"
        },
        "Topic": {
          "Type": "AWS::SNS::Topic",
          "Properties": {}
        }
      }
    }
    "#);
    let text = r#"{"Conditions": {"Yes": {"Fn::Equals": [1, 1]}}, "Resources": {"B": {"Type": "AWS::S3::Bucket",
 "Properties": {"LoggingConfiguration": {"Fn::If": ["Yes", {"DestinationBucketName": "l"}, {"Ref": "AWS::NoValue"}]}}}}}"#;
    let error = fix_error(
        "template.json",
        text,
        "B",
        json!([{"op": "add", "path": "/LoggingConfiguration/LogFilePrefix", "value": "x"}]),
    );
    insta::assert_snapshot!(error, @r"`/LoggingConfiguration` is computed by an intrinsic function (`Fn::If`); it cannot be edited inside, only replaced whole");
}

#[test]
fn four_spaces_and_tabs() {
    let four = "{\n    \"Resources\": {\n        \"B\": {\n            \"Type\": \"AWS::S3::Bucket\",\n            \"Properties\": {\n                \"BucketName\": \"b\"\n            }\n        }\n    }\n}\n";
    let out = fix_one(
        "t.json",
        four,
        "B",
        json!([{"op": "add", "path": "/PublicAccessBlockConfiguration", "value": {"BlockPublicAcls": true, "RestrictPublicBuckets": true}}]),
    );
    insta::assert_snapshot!(out, @r#"
    {
        "Resources": {
            "B": {
                "Type": "AWS::S3::Bucket",
                "Properties": {
                    "BucketName": "b",
                    "PublicAccessBlockConfiguration": {
                        "BlockPublicAcls": true,
                        "RestrictPublicBuckets": true
                    }
                }
            }
        }
    }
    "#);
    let tabs = four.replace("    ", "\t");
    let out = fix_one(
        "t.json",
        &tabs,
        "B",
        json!([{"op": "add", "path": "/VersioningConfiguration/Status", "value": "Enabled"}]),
    );
    insta::assert_snapshot!(out.replace('\t', "→"), @r#"
    {
    →"Resources": {
    →→"B": {
    →→→"Type": "AWS::S3::Bucket",
    →→→"Properties": {
    →→→→"BucketName": "b",
    →→→→"VersioningConfiguration": {
    →→→→→"Status": "Enabled"
    →→→→}
    →→→}
    →→}
    →}
    }
    "#);
}

#[test]
fn minified_json_is_edited_inline() {
    let text = r#"{"Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"b","Tags":[]}},"Q":{"Type":"AWS::SQS::Queue"}}}"#;
    let out = fix_one(
        "t.json",
        text,
        "B",
        json!([
            {"op": "add", "path": "/VersioningConfiguration", "value": {"Status": "Enabled"}},
            {"op": "add", "path": "/Tags/-", "value": {"Key": "a", "Value": "b"}},
            {"op": "add", "path": "/Tags/-", "value": {"Key": "c", "Value": "d"}},
            {"op": "remove", "path": "/BucketName"},
        ]),
    );
    insta::assert_snapshot!(out, @r#"{"Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"Tags":[{"Key":"a","Value":"b"},{"Key":"c","Value":"d"}],"VersioningConfiguration":{"Status":"Enabled"}}},"Q":{"Type":"AWS::SQS::Queue"}}}"#);
    let out = fix_one("t.json", text, "Q", json!([{"op": "add", "path": "/DelaySeconds", "value": 5}]));
    insta::assert_snapshot!(out, @r#"{"Resources":{"B":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"b","Tags":[]}},"Q":{"Type":"AWS::SQS::Queue","Properties":{"DelaySeconds":5}}}}"#);
}

#[test]
fn one_line_objects_in_a_pretty_file_stay_on_one_line() {
    let text = "{\n  \"Resources\": {\n    \"B\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"BucketName\": \"b\"}}\n  }\n}\n";
    let out = fix_one(
        "t.json",
        text,
        "B",
        json!([{"op": "add", "path": "/Tags", "value": [{"Key": "a", "Value": "b"}]}]),
    );
    insta::assert_snapshot!(out, @r#"
    {
      "Resources": {
        "B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": "b", "Tags": [{"Key": "a", "Value": "b"}]}}
      }
    }
    "#);
}

#[test]
fn kubernetes_manifest_in_json_with_crlf_and_non_ascii() {
    let text = "{\r\n  \"apiVersion\": \"v1\",\r\n  \"kind\": \"Pod\",\r\n  \"metadata\": {\r\n    \"name\": \"a\",\r\n    \"annotations\": {\"note\": \"日本語 ✓ 🚀\"}\r\n  },\r\n  \"spec\": {\r\n    \"containers\": [\r\n      {\"name\": \"app\", \"image\": \"nginx\"}\r\n    ]\r\n  }\r\n}\r\n";
    let out = fix_one(
        "pod.json",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/spec/containers/0/securityContext", "value": {"runAsNonRoot": true}},
            {"op": "add", "path": "/spec/securityContext/seccompProfile/type", "value": "RuntimeDefault"},
            {"op": "replace", "path": "/metadata/annotations/note", "value": "naïve \"quoted\""},
        ]),
    );
    insta::assert_snapshot!(out.replace('\r', "␍"), @r#"
    {␍
      "apiVersion": "v1",␍
      "kind": "Pod",␍
      "metadata": {␍
        "name": "a",␍
        "annotations": {"note": "naïve \"quoted\""}␍
      },␍
      "spec": {␍
        "containers": [␍
          {"name": "app", "image": "nginx", "securityContext": {"runAsNonRoot": true}}␍
        ],␍
        "securityContext": {␍
          "seccompProfile": {␍
            "type": "RuntimeDefault"␍
          }␍
        }␍
      }␍
    }␍
    "#);
}

#[test]
fn arrays_in_several_lines_and_on_one() {
    let text = r#"{
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {"name": "a"},
  "spec": {
    "containers": [
      {
        "name": "app",
        "args": ["--a", "--b"]
      }
    ],
    "volumes": []
  }
}
"#;
    let out = fix_one(
        "pod.json",
        text,
        "Pod/a",
        json!([
            {"op": "add", "path": "/spec/containers/0/args/1", "value": "--c"},
            {"op": "remove", "path": "/spec/containers/0/args/0"},
            {"op": "add", "path": "/spec/containers/0", "value": {"name": "init"}},
            {"op": "add", "path": "/spec/volumes/-", "value": {"name": "data", "emptyDir": {}}},
        ]),
    );
    insta::assert_snapshot!(out, @r#"
    {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {"name": "a"},
      "spec": {
        "containers": [
          {
            "name": "init"
          },
          {
            "name": "app",
            "args": ["--c", "--b"]
          }
        ],
        "volumes": [
          {
            "name": "data",
            "emptyDir": {}
          }
        ]
      }
    }
    "#);
}

#[test]
fn nothing_can_be_set_under_a_scalar() {
    let error = fix_error(
        "template.json",
        TEMPLATE,
        "Bucket",
        json!([{"op": "add", "path": "/AccessControl/x", "value": 1}]),
    );
    insta::assert_snapshot!(error, @r"`/AccessControl` is a string, not a mapping or a list: nothing can be set under it");
}

// --- Property tests -------------------------------------------------------------------
//
// Random resources, random valid operations: the fixed file parses, and the resource
// read back has the values the operations give by our patch semantics (`add` on an
// existing member replaces it, `replace` of a missing one adds it, missing parents are
// created, `remove` of what is absent does nothing).

use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys, some of which need quoting in YAML or escaping in a JSON Pointer.
pub(super) const KEYS: [&str; 10] = ["a", "b", "name", "x y", "true", "1", "a/b", "t~n", "k: v", "ünï"];

const STRINGS: [&str; 21] = [
    "web",
    "true",
    "1",
    "1.5",
    "",
    "a: b",
    "#x",
    "- x",
    "x #y",
    "it's",
    "say \"hi\"",
    "日本語 🚀",
    " pad ",
    "two\nlines",
    "null",
    "--flag",
    // Template sequences: a fix writes them as literals in HCL (`$${`, `%%{`).
    "${var.x}",
    "$${x}",
    "%{ if a }",
    "a$$b",
    "$$$",
];

/// Scalars and small objects and arrays (no floats: they read back as written).
pub(super) fn values() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1000i64..1000).prop_map(Value::from),
        proptest::sample::select(STRINGS.to_vec()).prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 16, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS.to_vec()), inner), 0..3).prop_map(
                |entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            ),
        ]
    })
}

/// A mapping of random values.
pub(super) fn objects() -> impl Strategy<Value = Value> {
    proptest::collection::vec((proptest::sample::select(KEYS.to_vec()), values()), 0..4)
        .prop_map(|entries| Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

/// An operation to be made concrete against the values it applies to: its kind,
/// choices along the way, its value.
#[derive(Debug, Clone)]
pub(super) struct OpSeed {
    kind: u8,
    choices: Vec<u16>,
    value: Value,
}

pub(super) fn op_seeds() -> impl Strategy<Value = Vec<OpSeed>> {
    proptest::collection::vec(
        (0u8..3, proptest::collection::vec(any::<u16>(), 1..5), values())
            .prop_map(|(kind, choices, value)| OpSeed { kind, choices, value }),
        1..4,
    )
}

/// The operation a seed stands for on `root` (an object): a path to an existing
/// value, or to a new member (maybe under new parents) or item; and `root` with it
/// applied. `prefix` is the pointer of `root` in the resource's values.
pub(super) fn concrete_op(root: &mut Value, seed: &OpSeed, prefix: &str) -> Value {
    let mut segments: Vec<String> = Vec::new();
    let mut node: &Value = root;
    let mut choices = seed.choices.iter().copied();
    while let Some(choice) = choices.next() {
        let choice = usize::from(choice);
        match node {
            Value::Object(map) => {
                let keys: Vec<&String> = map.keys().collect();
                if let Some(key) = keys.get(choice % (keys.len() + 1)) {
                    segments.push((*key).clone());
                    node = &map[key.as_str()];
                } else {
                    // A new member, maybe under new parents.
                    let new: Vec<&str> = KEYS.iter().copied().filter(|k| !map.contains_key(*k)).collect();
                    let Some(key) = new.get(choice % new.len().max(1)) else { break };
                    segments.push(key.to_string());
                    segments.extend(choices.map(|c| KEYS[usize::from(c) % KEYS.len()].to_string()));
                    break;
                }
            }
            Value::Array(items) => {
                let n = choice % (items.len() + 1);
                if n == items.len() {
                    segments.push("-".to_string());
                    segments.extend(choices.map(|c| KEYS[usize::from(c) % KEYS.len()].to_string()));
                    break;
                }
                segments.push(n.to_string());
                node = &items[n];
            }
            _ => break,
        }
    }
    if segments.is_empty() {
        segments.push(KEYS[0].to_string());
    }
    let kind = ["add", "replace", "remove"][usize::from(seed.kind) % 3];
    apply_patch(root, &segments, kind, &seed.value);
    let pointer: String =
        segments.iter().map(|s| format!("/{}", vigil_model::escape_token(s))).collect::<Vec<_>>().concat();
    if kind == "remove" {
        serde_json::json!({"op": kind, "path": format!("{prefix}{pointer}")})
    } else {
        serde_json::json!({"op": kind, "path": format!("{prefix}{pointer}"), "value": seed.value})
    }
}

/// Our semantics of one operation on a JSON value.
fn apply_patch(node: &mut Value, segments: &[String], kind: &str, value: &Value) {
    let Some((segment, rest)) = segments.split_first() else { return };
    let build = |rest: &[String]| {
        rest.iter().rev().fold(value.clone(), |v, s| match s.as_str() {
            "-" | "0" => Value::Array(vec![v]),
            _ => Value::Object(Map::from_iter([(s.clone(), v)])),
        })
    };
    match node {
        Value::Object(map) => match map.get_mut(segment) {
            _ if rest.is_empty() && kind == "remove" => {
                map.remove(segment);
            }
            _ if rest.is_empty() => {
                map.insert(segment.clone(), value.clone());
            }
            Some(child) if child.is_null() && kind != "remove" => *child = build(rest),
            Some(child) => apply_patch(child, rest, kind, value),
            None if kind != "remove" => {
                map.insert(segment.clone(), build(rest));
            }
            None => {}
        },
        Value::Array(items) => {
            let index = segment.parse::<usize>().ok().filter(|&i| i < items.len());
            match (index, rest.is_empty(), kind) {
                (Some(i), true, "add") => items.insert(i, value.clone()),
                (Some(i), true, "replace") => items[i] = value.clone(),
                (Some(i), true, _) => {
                    items.remove(i);
                }
                (Some(i), false, _) if items[i].is_null() && kind != "remove" => items[i] = build(rest),
                (Some(i), false, _) => apply_patch(&mut items[i], rest, kind, value),
                (None, _, "remove") => {}
                (None, _, _) => items.push(build(rest)),
            }
        }
        _ => {}
    }
}

/// Applies a fix's ops to one file; returns the fixed text (checked to parse) and the
/// values of every resource read back from it.
pub(super) fn fix_and_read(
    path: &str,
    text: &str,
    address: &str,
    ops: &[Value],
) -> (String, Vec<(String, Value)>) {
    let sources = [vigil_model::SourceFile::new(path, text)];
    let fix = crate::fix(&sources, path, address, ops)
        .unwrap_or_else(|e| panic!("no fix for {ops:?}: {e}\n--- text\n{text}"));
    let fixed = fix.files.get(path).map_or_else(|| text.to_string(), |edits| crate::apply(text, edits));
    assert_eq!(crate::syntax_error(path, &fixed), None, "fixed text does not parse:\n{fixed}");
    let model = vigil_model::load_workspace(&[vigil_model::SourceFile::new(path, fixed.clone())]);
    let values = model.resources().map(|r| (r.address.clone(), r.values.clone())).collect();
    (fixed, values)
}

/// A small random generator for formatting choices.
pub(super) struct Choices(pub u64);

impl Choices {
    /// True one time in `n`.
    pub fn one_in(&mut self, n: u64) -> bool {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0.checked_rem(n) == Some(0)
    }
}

/// Writes `value` as JSON: over several lines with `unit` (some objects and arrays
/// on one line), or minified when `unit` is `None`.
fn write_json(value: &Value, indent: &str, unit: Option<&str>, choices: &mut Choices, out: &mut String) {
    let Some(unit) = unit.filter(|_| !choices.one_in(4)) else {
        out.push_str(&serde_json::to_string(value).unwrap_or_default());
        return;
    };
    let child = format!("{indent}{unit}");
    match value {
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&format!("{child}{}: ", Value::from(k.as_str())));
                write_json(v, &child, Some(unit), choices, out);
            }
            out.push_str(&format!("\n{indent}}}"));
        }
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                out.push_str(&child);
                write_json(v, &child, Some(unit), choices, out);
            }
            out.push_str(&format!("\n{indent}]"));
        }
        other => out.push_str(&other.to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn cloudformation_json_fixes_give_the_patched_values(
        properties in proptest::option::of(objects()),
        seeds in op_seeds(),
        style in any::<u64>(),
        unit in proptest::sample::select(vec![Some("  "), Some("    "), Some("\t"), None]),
        crlf in any::<bool>(),
    ) {
        let mut bucket = serde_json::json!({"Type": "AWS::S3::Bucket"});
        if let Some(p) = &properties {
            bucket["Properties"] = p.clone();
        }
        let template = serde_json::json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {"R": bucket, "Other": {"Type": "AWS::SQS::Queue", "Properties": {"a": [1, {"b": 2}]}}},
        });
        let mut text = String::new();
        write_json(&template, "", unit, &mut Choices(style | 1), &mut text);
        text.push('\n');
        if crlf {
            text = text.replace('\n', "\r\n");
        }
        let mut expected = properties.unwrap_or_else(|| Value::Object(Map::new()));
        let ops: Vec<Value> = seeds.iter().map(|s| concrete_op(&mut expected, s, "")).collect();
        let (fixed, values) = fix_and_read("template.json", &text, "R", &ops);
        let values: std::collections::BTreeMap<_, _> = values.into_iter().collect();
        prop_assert_eq!(values.get("R"), Some(&expected), "ops {:?}\n--- before\n{}\n--- after\n{}", ops, text, fixed);
        prop_assert_eq!(values.get("Other"), Some(&serde_json::json!({"a": [1, {"b": 2}]})));
        if crlf {
            prop_assert!(!fixed.replace("\r\n", "").contains('\n'), "a bare newline in\n{}", fixed);
        }
        if unit.is_none() {
            prop_assert!(!fixed.trim_end().contains('\n'), "minified JSON got a newline:\n{}", fixed);
        }
    }
}
