//! The Pulumi YAML preview: programs, stack configurations and preview JSON.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use std::path::{Path, PathBuf};

use vigil_model::{classify, load_workspace, FileKind, Model, Resource, SourceFile};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..").canonicalize().unwrap()
}

/// The files of `testdata/pulumi/<dir>`, their paths relative to it.
fn project(dir: &str) -> Vec<SourceFile> {
    let root = repo().join("testdata/pulumi").join(dir);
    let mut files: Vec<SourceFile> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            SourceFile::new(name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn files(list: &[(&str, &str)]) -> Vec<SourceFile> {
    list.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect()
}

/// What a snapshot shows: each resource, the diagnostics (with the text they are
/// on) and the origins.
fn summary(model: &Model, files: &[SourceFile]) -> serde_json::Value {
    let text = |path: &str| files.iter().find(|f| f.path == path).map(|f| f.text.as_str()).unwrap_or("");
    let mut resources = serde_json::Map::new();
    for r in model.resources() {
        resources.insert(
            r.address.clone(),
            serde_json::json!({
                "type": r.r#type,
                "name": r.name,
                "provider": r.provider,
                "file": r.file,
                "header": &text(&r.file)[r.header.as_usize()],
                "values": r.values,
                "unknown": r.unknown,
                "references": r.references,
            }),
        );
    }
    let diagnostics: Vec<String> = model
        .diagnostics
        .iter()
        .map(|d| format!("{} {} `{}`: {}", d.file, d.code, &text(&d.file)[d.range.as_usize()], d.message))
        .collect();
    let mut origins = serde_json::Map::new();
    for stack in &model.stacks {
        for (key, list) in &stack.origins {
            let shown: Vec<String> = list
                .iter()
                .map(|o| format!("{} `{}`: {}", o.file, &text(&o.file)[o.range.as_usize()], o.note))
                .collect();
            origins.insert(key.clone(), serde_json::json!(shown));
        }
    }
    serde_json::json!({"resources": resources, "diagnostics": diagnostics, "origins": origins})
}

fn resource<'m>(model: &'m Model, address: &str) -> &'m Resource {
    model.resources().find(|r| r.address == address).unwrap_or_else(|| {
        panic!("no {address} in {:?}", model.resources().map(|r| &r.address).collect::<Vec<_>>())
    })
}

fn text_of<'f>(files: &'f [SourceFile], path: &str) -> &'f str {
    &files.iter().find(|f| f.path == path).unwrap().text
}

/// The text a pointer of a resource maps to (value, and key when there is one).
fn mapped<'f>(files: &'f [SourceFile], r: &Resource, pointer: &str) -> (Option<&'f str>, &'f str) {
    let text = text_of(files, &r.file);
    let span =
        r.source_map.get(pointer).unwrap_or_else(|| panic!("{pointer} is not mapped in {}", r.address));
    (span.key.map(|k| &text[k.as_usize()]), &text[span.value.as_usize()])
}

/// The realistic project: two stacks (dev opens the site bucket to the internet),
/// variables written before what they use, every kind of unknown, and a preview of
/// the dev stack that fills in what only deploying tells (the AMI, the file read).
#[test]
fn website_project_per_stack_with_its_preview() {
    let files = project("website");
    let model = load_workspace(&files);
    insta::assert_json_snapshot!(summary(&model, &files));
}

#[test]
fn the_preview_fills_unknowns_and_adds_no_resource() {
    let files = project("website");
    let without: Vec<SourceFile> = files.iter().filter(|f| f.path != "preview.json").cloned().collect();
    let (with, without) = (load_workspace(&files), load_workspace(&without));
    let addresses = |m: &Model| m.resources().map(|r| r.address.clone()).collect::<Vec<_>>();
    assert_eq!(addresses(&with), addresses(&without));
    assert_eq!(with.stacks.len(), 1);

    let (before, after) = (resource(&without, "webServer (dev)"), resource(&with, "webServer (dev)"));
    assert_eq!(before.values["ami"], "${amazonLinux}");
    assert_eq!(after.values["ami"], "ami-0c2b8ca1dad447f8a");
    assert_eq!(before.values["userData"], "${fn::readFile(./userdata.sh)}");
    assert!(after.values["userData"].as_str().unwrap().starts_with("#!/bin/bash"));
    // Still unknown: the preview hides the secret, and the policy needs the bucket's ARN.
    assert_eq!(after.unknown, ["/tags/Password"]);
    assert_eq!(resource(&with, "sitePolicy (dev)").unknown, ["/bucket", "/policy"]);
    // Known values stay the program's, ranges stay in the program.
    assert_eq!(after.file, "Pulumi.yaml");
    assert_eq!(after.values["instanceType"], "t3.micro");
    // The prod stack has no preview: unchanged.
    assert_eq!(resource(&with, "webServer (prod)"), resource(&without, "webServer (prod)"));
}

#[test]
fn ranges_point_at_the_program_and_values_at_where_they_are_written() {
    let files = project("website");
    let model = load_workspace(&files);
    let text = text_of(&files, "Pulumi.yaml");

    let dev = resource(&model, "siteBucket (dev)");
    assert_eq!(&text[dev.header.as_usize()], "siteBucket");
    assert!(text[dev.range.as_usize()].starts_with("siteBucket:\n    type: aws:s3:Bucket"));
    assert!(text[dev.range.as_usize()].trim_end().ends_with("tags: ${commonTags}"));
    assert_eq!(mapped(&files, dev, "/acl"), (Some("acl"), "${siteAcl}"));
    assert_eq!(mapped(&files, dev, "/website/indexDocument"), (Some("indexDocument"), "index.html"));
    assert_eq!(mapped(&files, dev, "/versioning/enabled"), (Some("enabled"), "${enableVersioning}"));
    assert!(!dev.source_map.contains_key(""));

    let logs = resource(&model, "logsBucket (prod)");
    assert_eq!(mapped(&files, logs, "/lifecycleRules/0/expiration/days"), (Some("days"), "${retentionDays}"));
    assert_eq!(mapped(&files, logs, "/lifecycleRules/0").0, None);
    // A function call is one value: its arguments are not the resource's values.
    assert!(mapped(&files, logs, "/bucket").1.starts_with("fn::join:"));
    assert!(!logs.source_map.contains_key("/bucket/0"));

    // The dev bucket's ACL is written in Pulumi.dev.yaml; prod's is the default.
    let stack = &model.stacks[0];
    let at = |key: &str| {
        let o = &stack.origins[key][0];
        (o.file.as_str(), &text_of(&files, &o.file)[o.range.as_usize()])
    };
    assert_eq!(at("siteBucket (dev)#/acl"), ("Pulumi.dev.yaml", "public-read"));
    assert_eq!(at("siteBucket (prod)#/acl"), ("Pulumi.yaml", "private"));
    assert_eq!(at("siteBucket (prod)#/versioning/enabled"), ("Pulumi.prod.yaml", "\"true\""));
    assert_eq!(at("siteBucket (dev)#/tags/Environment"), ("Pulumi.dev.yaml", "development"));
    assert_eq!(at("logsBucket (prod)#/lifecycleRules/0/expiration/days"), ("Pulumi.prod.yaml", "\"365\""));
    assert_eq!(at("webServer (dev)#/instanceType"), ("Pulumi.yaml", "t3.micro"));
    assert!(!stack.origins.contains_key("siteBucket (dev)#/bucket"), "a template is not a literal");
    assert!(!stack.origins.contains_key("webServer (dev)#/ami"), "an invoke is not a literal");

    // Findings on a missing value go to the enclosing value, else the header.
    assert_eq!(&text[dev.finding_range("/versioning/mfaDelete", text).as_usize()], "versioning");
    assert_eq!(&text[dev.finding_range("/serverSideEncryptionConfiguration", text).as_usize()], "siteBucket");
    assert_eq!(&text[dev.finding_range("/acl", text).as_usize()], "${siteAcl}");
}

/// A preview without its program (here a TypeScript project's): the resources are
/// in the preview file, their ranges the steps.
#[test]
fn a_preview_alone() {
    let files = project("preview-only");
    let model = load_workspace(&files);
    insta::assert_json_snapshot!(summary(&model, &files));
    let text = text_of(&files, "preview.json");
    let acl = resource(&model, "raw-acl");
    assert!(text[acl.range.as_usize()].starts_with("{\n            \"op\": \"create\""));
    assert_eq!(mapped(&files, acl, "/acl"), (Some("\"acl\""), "\"public-read\""));
    assert_eq!(&text[acl.finding_range("/acl", text).as_usize()], "\"public-read\"");
    let sg = resource(&model, "ingest-sg");
    assert_eq!(mapped(&files, sg, "/ingress/0/cidrBlocks/0").1, "\"0.0.0.0/0\"");
}

#[test]
fn builtin_functions() {
    let files = files(&[(
        "Pulumi.yaml",
        r#"name: fns
runtime: yaml
variables:
  parts:
    fn::split: [",", "a,b,c"]
  chars:
    fn::split: ["", "xyz"]
  second:
    fn::select: [1, "${parts}"]
  partly:
    - known
    - ${other.arn}
resources:
  other:
    type: test:index:Other
  thing:
    type: test:index:Thing
    properties:
      joined:
        fn::join: ["-", ["${parts[0]}", x, 3, true]]
      split: ${chars}
      selected: ${second}
      selectedKnownFromPartlyKnown:
        fn::select: [0, "${partly}"]
      selectedUnknown:
        fn::select: [1, "${partly}"]
      json:
        fn::toJSON:
          z: 1
          a: [true, null, "${second}"]
      jsonOfUnknown:
        fn::toJSON: {arn: "${other.arn}"}
      base64:
        fn::toBase64: hello ${second}
      decoded:
        fn::fromBase64: aGVsbG8=
      roundTrip:
        fn::fromBase64:
          fn::toBase64: é€
      secret:
        fn::secret: s3cr3t
      readFile:
        fn::readFile: ./README.md
      invoked:
        fn::invoke:
          function: aws:ec2:getAmi
          arguments:
            filters: [{name: "${other.name}"}]
          return: id
      shorthand:
        fn::aws:ec2:getVpc: {default: true}
      asset:
        fn::fileAsset: ./index.html
      archive:
        fn::assetArchive:
          index.html:
            fn::stringAsset: <h1>hi</h1>
      legacyCase:
        Fn::Join: ["", [a, b]]
      escaped: $${not.interpolated} costs $5
      notAFunction:
        fn::join: [",", [a]]
        other: key
"#,
    )]);
    let model = load_workspace(&files);
    insta::assert_json_snapshot!(summary(&model, &files));
}

#[test]
fn variables_in_dependency_order_and_cycles() {
    let files = files(&[(
        "Pulumi.yaml",
        "name: cyc\nruntime: yaml\nvariables:\n  c: ${b}-c\n  b: ${a}-b\n  a: start\n  x: ${y}\n  y:\n    fn::join: [\"\", [\"${z}\"]]\n  z: ${x}\n  self: ${self}\nresources:\n  r:\n    type: test:index:R\n    properties:\n      ordered: ${c}\n      cyclic: ${x}\n      nested: prefix-${z}\n",
    )]);
    let model = load_workspace(&files);
    insta::assert_json_snapshot!(summary(&model, &files));
}

/// Config: the stack's setting wins over the default (under `<project>:<name>` or
/// `<name>`, strings read as the declared type); without a setting the default; with
/// neither the value is unknown; a secure setting is unknown; with one stack the
/// addresses are plain and `${pulumi.stack}` is known.
#[test]
fn config_defaults_and_stack_settings() {
    let program = r#"name: cfg
runtime: yaml
config:
  acl:
    type: string
    default: private
  size:
    type: integer
    default: 1
  flag:
    type: boolean
    default: true
  required:
    type: string
  token:
    type: string
    secret: true
  shorthand: 42
  object:
    type: object
    default: {a: 1}
resources:
  r:
    type: test:index:R
    properties:
      acl: ${acl}
      size: ${size}
      flag: ${flag}
      required: ${required}
      token: ${token}
      shorthand: ${shorthand}
      nested: ${object.a}
      viaConfig: ${config.acl}
      stack: ${pulumi.stack}
      project: ${pulumi.project}
      org: ${pulumi.organization}
      undeclared: ${extra}
"#;
    let stack = "config:\n  cfg:acl: public-read\n  size: \"3\"\n  cfg:flag: \"false\"\n  cfg:token:\n    secure: v1:abc\n  cfg:extra: set-in-stack\n";
    let one = files(&[("Pulumi.yaml", program), ("Pulumi.test.yaml", stack)]);
    let model = load_workspace(&one);
    insta::assert_json_snapshot!("config_one_stack", summary(&model, &one));

    let none = files(&[("Pulumi.yaml", program)]);
    let model = load_workspace(&none);
    let r = resource(&model, "r");
    assert_eq!(r.values["acl"], "private");
    assert_eq!(r.values["size"], 1);
    assert_eq!(r.values["stack"], "${pulumi.stack}");
    assert_eq!(r.unknown, ["/org", "/required", "/stack", "/token", "/undeclared"]);
    assert!(model
        .diagnostics
        .iter()
        .any(|d| d.code == "pulumi-reference" && d.message.starts_with("`extra`")));
}

#[test]
fn bad_input_is_reported_where_it_is_and_the_rest_is_kept() {
    let files = files(&[(
        "Pulumi.yaml",
        r#"name: bad
runtime: yaml
variables:
  v: ${nope.x}
resources:
  good:
    type: test:index:R
    properties:
      a: ok
      b: ${missing}
      c: "${good.arn"
      d:
        fn::join: [","]
      e:
        fn::select: [5, [a, b]]
      f:
        fn::fromBase64: "not base64!"
      g:
        fn::frobnicate: 1
      h: x ${v2} y
      i: ${obj.nothere}
      j: "${a b}"
  untyped:
    properties: {}
  v2:
    type: test:index:R
  obj:
    type: test:index:R
outputs:
  o: ${alsoMissing}
"#,
    )]);
    let model = load_workspace(&files);
    insta::assert_json_snapshot!(summary(&model, &files));
}

#[test]
fn unparseable_yaml_is_a_positioned_diagnostic() {
    let files = files(&[(
        "Pulumi.yaml",
        "name: broken\nruntime: yaml\nresources:\n  ok:\n    type: test:index:R\n    properties:\n      a: [1, 2\n",
    )]);
    let model = load_workspace(&files);
    assert!(
        model.diagnostics.iter().any(|d| d.code == "syntax" && d.file == "Pulumi.yaml"),
        "{:?}",
        model.diagnostics
    );
}

/// `Pulumi.yaml` with the project and config, `Main.yaml` with the program.
#[test]
fn pulumi_yaml_with_main_yaml() {
    let files = files(&[
        ("infra/Pulumi.yaml", "name: split\nruntime:\n  name: yaml\nconfig:\n  env: dev\n"),
        ("infra/Main.yaml", "variables:\n  n: ${pulumi.project}-${env}\nresources:\n  b:\n    type: aws:s3:Bucket\n    properties:\n      bucket: ${n}\n"),
    ]);
    let model = load_workspace(&files);
    assert_eq!(model.stacks.len(), 1);
    assert_eq!(model.stacks[0].id, "infra");
    let b = resource(&model, "b");
    assert_eq!((b.file.as_str(), b.r#type.as_str()), ("infra/Main.yaml", "aws:s3/bucket:Bucket"));
    assert_eq!(b.values, serde_json::json!({"bucket": "split-dev"}));
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
}

#[test]
fn classify_pulumi_files_and_not_others() {
    let program = "name: p\nruntime: yaml\nresources:\n  b:\n    type: aws:s3:Bucket\n";
    assert_eq!(classify("x/Pulumi.yaml", program), FileKind::Pulumi);
    assert_eq!(classify("x/Pulumi.yml", "name: p\nruntime: yaml\n"), FileKind::Pulumi);
    assert_eq!(
        classify("x/Main.yaml", "resources:\n  b:\n    type: aws:s3/bucket:Bucket\n"),
        FileKind::Pulumi
    );
    assert_eq!(classify("fixtures/bad.pulumi.yaml", program), FileKind::Pulumi);
    assert_eq!(classify("x/Pulumi.prod.yaml", "config:\n  p:acl: private\n"), FileKind::PulumiConfig);
    let preview = r#"{"steps": [{"op": "create", "urn": "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b", "newState": {"type": "aws:s3/bucket:Bucket"}}]}"#;
    assert_eq!(classify("out/preview.json", preview), FileKind::PulumiPreview);

    // Not Pulumi: other runtimes, and the formats that look a little alike.
    assert_eq!(classify("x/Pulumi.yaml", "name: p\nruntime: nodejs\n"), FileKind::Other);
    let k8s = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: ClusterIP\n  ports:\n    - port: 80\n";
    assert_eq!(classify("main.yaml", k8s), FileKind::Kubernetes);
    let kustomization = "resources:\n  - deployment.yaml\n  - service.yaml\n";
    assert_eq!(classify("main.yaml", kustomization), FileKind::Other);
    let cfn = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n";
    assert_eq!(classify("main.yaml", cfn), FileKind::CloudFormation);
    let workflow = "name: ci\non: [push]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n";
    assert_eq!(classify(".github/workflows/main.yaml", workflow), FileKind::Other);
    let compose = "services:\n  web:\n    image: nginx:1.27\n    deploy:\n      resources:\n        limits:\n          cpus: '0.5'\n";
    assert_eq!(classify("main.yaml", compose), FileKind::Other);
    assert_eq!(classify("docker-compose.yaml", compose), FileKind::Other);
    let plan = r#"{"format_version": "1.2", "planned_values": {"root_module": {}}, "resource_changes": []}"#;
    assert_eq!(classify("tfplan.json", plan), FileKind::TerraformPlan);
}

/// The S3 policies' Pulumi fixtures (`policies/aws/s3_*/fixtures/*.pulumi.yaml`):
/// each bad fixture's markers are where a finding at the path the proposed Rego
/// reports would be placed, and the good ones load without diagnostics.
#[test]
fn policy_fixtures_mark_where_findings_land() {
    // (policy, resource, path the policy reports)
    let expected: &[(&str, &str, &str)] = &[
        ("s3_public_acl", "siteBucket", "/acl"),
        ("s3_public_acl", "dropBucket", "/acl"),
        ("s3_versioning", "uploadsBucket", "/versioning"),
        ("s3_versioning", "reportsBucket", "/versioning/enabled"),
        ("s3_encryption", "exportsBucket", "/serverSideEncryptionConfiguration"),
    ];
    for policy in ["s3_public_acl", "s3_versioning", "s3_encryption"] {
        let dir = repo().join("policies/aws").join(policy).join("fixtures");
        for fixture in ["bad.pulumi.yaml", "good.pulumi.yaml"] {
            let raw = std::fs::read_to_string(dir.join(fixture)).unwrap();
            let (text, marks) = strip_markers(&raw);
            let files = vec![SourceFile::new(fixture, text.clone())];
            assert_eq!(classify(fixture, &text), FileKind::Pulumi, "{policy}/{fixture}");
            let model = load_workspace(&files);
            assert!(model.diagnostics.is_empty(), "{policy}/{fixture}: {:?}", model.diagnostics);
            let mut placed: Vec<(usize, usize)> = expected
                .iter()
                .filter(|(p, _, _)| *p == policy && fixture.starts_with("bad"))
                .map(|(_, address, path)| {
                    let range = resource(&model, address).finding_range(path, &text);
                    (range.start as usize, range.end as usize)
                })
                .collect();
            placed.sort();
            assert_eq!(placed, marks, "{policy}/{fixture}");
            for r in model.resources() {
                assert_eq!(r.r#type, "aws:s3/bucket:Bucket", "{policy}/{fixture}");
                assert!(r.unknown.is_empty(), "{policy}/{fixture}: {:?}", r.unknown);
            }
        }
    }
}

/// Removes marker lines (`#   ^^^ ID`) and returns the text with the byte ranges
/// the carets mark on the line above.
fn strip_markers(raw: &str) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut marks = Vec::new();
    let mut previous_line_start = 0;
    for line in raw.split_inclusive('\n') {
        let trimmed = line.trim_end();
        let caret = trimmed.find('^');
        let is_marker = caret.is_some_and(|c| trimmed[..c].chars().all(|ch| ch == ' ' || ch == '#'))
            && trimmed.contains(" VGL-");
        if let (true, Some(start)) = (is_marker, caret) {
            let len = trimmed[start..].chars().take_while(|&c| c == '^').count();
            marks.push((previous_line_start + start, previous_line_start + start + len));
            continue;
        }
        previous_line_start = text.len();
        text.push_str(line);
    }
    marks.sort();
    (text, marks)
}

/// Half-typed files (every prefix of the project's files, as while typing) never
/// panic and always give a model.
#[test]
fn every_prefix_of_the_files_loads_without_panicking() {
    let full = project("website");
    for (i, file) in full.iter().enumerate() {
        let text = &file.text;
        let cuts = (0..text.len()).step_by(13).filter(|&n| text.is_char_boundary(n));
        for cut in cuts {
            let mut files = full.clone();
            files[i] = SourceFile::new(file.path.clone(), &text[..cut]);
            let model = load_workspace(&files);
            for r in model.resources() {
                let t = text_of(&files, &r.file);
                assert!(t.get(r.header.as_usize()).is_some() && t.get(r.range.as_usize()).is_some());
            }
        }
    }
}

/// The files of `testdata/pulumi/<dir>` and its subdirectories, paths relative to it.
fn project_tree(dir: &str) -> Vec<SourceFile> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<SourceFile>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push(SourceFile::new(rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let root = repo().join("testdata/pulumi").join(dir);
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// A program written as JSON (`Main.json`) in the directory `Pulumi.yaml`'s `main:`
/// names: one project with the stack's config, ranges in the JSON.
#[test]
fn a_json_program_in_the_main_directory() {
    let files = project_tree("main-dir");
    assert_eq!(classify("infra/Main.json", text_of(&files, "infra/Main.json")), FileKind::Pulumi);
    let model = load_workspace(&files);
    assert_eq!(model.stacks.len(), 1, "the program is read with its project");
    insta::assert_json_snapshot!(summary(&model, &files));

    let assets = resource(&model, "assetsBucket");
    assert_eq!(assets.file, "infra/Main.json");
    assert_eq!(assets.r#type, "aws:s3/bucket:Bucket");
    // The staging stack's setting, read through the project's name.
    assert_eq!(assets.values["acl"], "public-read");
    assert_eq!(assets.values["bucket"], "acme-staging-assets");
    assert_eq!(assets.values["versioning"]["enabled"], true);
    assert_eq!(assets.values["tags"]["Note"], "café \"menu\" assets");
    let text = text_of(&files, "infra/Main.json");
    assert_eq!(&text[assets.header.as_usize()], "\"assetsBucket\"");
    assert_eq!(mapped(&files, assets, "/acl"), (Some("\"acl\""), "\"${assetsAcl}\""));
    assert_eq!(mapped(&files, assets, "/versioning/enabled").1, "\"${keepVersions}\"");
    assert_eq!(&text[assets.finding_range("/acl", text).as_usize()], "\"${assetsAcl}\"");
    assert_eq!(
        &text[assets.finding_range("/serverSideEncryptionConfiguration", text).as_usize()],
        "\"assetsBucket\""
    );
    // The ACL is written in the stack file, where a finding on it belongs.
    let origin = &model.stacks[0].origins["assetsBucket#/acl"][0];
    assert_eq!(
        (origin.file.as_str(), &text_of(&files, &origin.file)[origin.range.as_usize()]),
        ("Pulumi.staging.yaml", "public-read")
    );

    let audit = resource(&model, "auditBucket");
    assert_eq!(audit.values["bucket"], "acme-staging-audit");
    assert_eq!(mapped(&files, audit, "/versioning/enabled"), (Some("\"enabled\""), "false"));
}

/// `Main.json` beside `Pulumi.yaml`; Pulumi reads it instead of a `Main.yaml` there.
#[test]
fn main_json_wins_over_main_yaml() {
    let files = files(&[
        ("Pulumi.yaml", "name: p\nruntime: yaml\n"),
        (
            "Main.json",
            r#"{"resources": {"fromJson": {"type": "aws:s3:Bucket", "properties": {"acl": "private"}}}}"#,
        ),
        ("Main.yaml", "resources:\n  fromYaml:\n    type: aws:s3:Bucket\n"),
    ]);
    let model = load_workspace(&files);
    let addresses: Vec<&str> = model.resources().map(|r| r.address.as_str()).collect();
    assert_eq!(addresses, ["fromJson"]);
    let notes: Vec<(&str, &str)> =
        model.diagnostics.iter().map(|d| (d.file.as_str(), d.message.as_str())).collect();
    assert_eq!(
        notes,
        [("Main.yaml", "not read: Pulumi runs Main.json when a project has both Main.json and Main.yaml")]
    );
    // Broken JSON is a syntax error where it is; what parses is still read.
    let broken = files_with(
        "Main.json",
        r#"{"resources": {"b": {"type": "aws:s3:Bucket", "properties": {"acl": }}}}"#,
    );
    let model = load_workspace(&broken);
    assert!(model.diagnostics.iter().any(|d| d.file == "Main.json" && d.message.starts_with("syntax error")));
}

fn files_with(path: &str, text: &str) -> Vec<SourceFile> {
    files(&[("Pulumi.yaml", "name: p\nruntime: yaml\n"), (path, text)])
}
