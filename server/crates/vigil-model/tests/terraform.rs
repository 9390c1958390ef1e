//! The Terraform preview, checked against what Terraform would compute.

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use vigil_model::{assemble, load_stack_with, load_workspace, plan_stacks, Limits, SourceFile};

fn values_of(files: &[(&str, &str)]) -> serde_json::Value {
    let files: Vec<SourceFile> = files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    let model = load_workspace(&files);
    let mut out = serde_json::Map::new();
    for r in model.resources() {
        out.insert(
            r.address.clone(),
            serde_json::json!({"values": r.values, "unknown": r.unknown, "references": r.references}),
        );
    }
    let diags: Vec<String> = model
        .diagnostics
        .iter()
        .map(|d| format!("{}:{:?} {} {}", d.file, d.range, d.code, d.message))
        .collect();
    out.insert("diagnostics".into(), serde_json::json!(diags));
    serde_json::Value::Object(out)
}

#[test]
fn variables_tfvars_locals_templates_and_count() {
    let v = values_of(&[
        (
            "main.tf",
            r#"
variable "env" { default = "dev" }
variable "replicas" { default = 1 }
variable "acl" {}
locals {
  name   = "${local.prefix}-${var.env}"
  prefix = upper("acme")
  tags   = merge({ Team = "infra" }, { Env = var.env })
}
resource "aws_s3_bucket" "b" {
  count  = var.replicas + 1
  bucket = "${local.name}-${count.index}"
  acl    = var.acl
  tags   = local.tags
  versioning {
    enabled = var.env == "prod" ? true : false
  }
  rule { id = 1 }
  rule { id = 2 }
}
resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b[0].id
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*" }] })
}
"#,
        ),
        ("terraform.tfvars", "env = \"prod\"\n"),
        ("b.auto.tfvars", "replicas = 2\n"),
    ]);
    insta::assert_json_snapshot!(v);
}

#[test]
fn local_cycles_are_reported_not_hung() {
    let v = values_of(&[(
        "main.tf",
        "locals {\n  a = local.b\n  b = local.a\n}\nresource \"x_y\" \"z\" {\n  v = local.a\n}\n",
    )]);
    insta::assert_json_snapshot!(v);
}

#[test]
fn functions_for_expressions_and_heredocs() {
    let v = values_of(&[(
        "main.tf",
        r#"
locals {
  ports = [22, 80, 443]
}
resource "x_y" "z" {
  a = [for p in local.ports : p * 2 if p > 22]
  b = { for p in local.ports : tostring(p) => p }
  c = format("%s:%d", "h", 8080)
  d = try(lookup({}, "missing"), "fallback")
  e = can(tonumber("x"))
  f = join(",", split("-", lower("A-B-C")))
  g = <<-EOT
    hello ${local.ports[0]}
      indented
    EOT
  h = length(keys({ a = 1, b = 2 }))
  i = contains(toset(["a", "b"]), "b")
  j = coalesce("", null, "x")
  k = "escaped \"quote\" $${literal}"
  l = local.ports[*]
  m = data.aws_caller_identity.me.account_id
  n = "%{ for p in local.ports }${p},%{ endfor }"
}
data "aws_caller_identity" "me" {}
"#,
    )]);
    insta::assert_json_snapshot!(v);
}

/// `dynamic` blocks expand like Terraform expands them: one block per element of
/// `for_each` (list: key is the index; map: key is the map key), `iterator` renames
/// the symbol, nested dynamics see the outer iterator, written blocks of the same
/// type come in their order, and a `for_each` known only at apply time leaves the
/// blocks of that type unknown.
#[test]
fn dynamic_blocks() {
    let v = values_of(&[(
        "main.tf",
        r#"
locals {
  ports = { ssh = 22, https = 443 }
  rules = [
    { port = 80, cidrs = ["10.0.0.0/8"] },
    { port = 8080, cidrs = ["10.1.0.0/16", "10.2.0.0/16"] },
  ]
}

resource "aws_security_group" "web" {
  ingress {
    from_port = 1
    to_port   = 1
  }
  dynamic "ingress" {
    for_each = local.ports
    content {
      description = ingress.key
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_security_group" "nested" {
  dynamic "ingress" {
    for_each = local.rules
    iterator = rule
    content {
      from_port = rule.value.port
      dynamic "cidr" {
        for_each = rule.value.cidrs
        content {
          block = cidr.value
          index = "${rule.key}.${cidr.key}"
        }
      }
    }
  }
}

resource "aws_security_group" "later" {
  dynamic "ingress" {
    for_each = aws_security_group.web.ingress
    content {
      from_port = ingress.value.from_port
    }
  }
}
"#,
    )]);
    assert_eq!(
        v["aws_security_group.web"]["values"]["ingress"],
        serde_json::json!([
            {"from_port": 1, "to_port": 1},
            {"description": "https", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]},
            {"description": "ssh", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]},
        ])
    );
    assert_eq!(
        v["aws_security_group.nested"]["values"]["ingress"],
        serde_json::json!([
            {"from_port": 80, "cidr": {"block": "10.0.0.0/8", "index": "0.0"}},
            {"from_port": 8080, "cidr": [
                {"block": "10.1.0.0/16", "index": "1.0"},
                {"block": "10.2.0.0/16", "index": "1.1"},
            ]},
        ])
    );
    assert_eq!(v["aws_security_group.later"]["unknown"], serde_json::json!(["/ingress"]));
}

/// Instances past the budget are said, never silently left out; up to it, every
/// instance is there (a `count` of 2,000 was cut at 1,000 without a word).
#[test]
fn instances_past_the_budget_are_reported() {
    let load = |text: &str| load_workspace(&[SourceFile::new("main.tf", text)]);
    let model = load("resource \"x_y\" \"n\" {\n  count = 2000\n  v     = count.index\n}\n");
    assert_eq!(model.resources().count(), 2000);
    assert!(model.resources().any(|r| r.address == "x_y.n[1999]"));
    assert!(model.diagnostics.iter().all(|d| d.code != "instance-budget"), "{:?}", model.diagnostics);

    for text in [
        "resource \"x_y\" \"n\" {\n  count = 10100\n}\n",
        // (range() stops at 1,024 elements, as in Terraform.)
        "resource \"x_y\" \"n\" {\n  for_each = toset(flatten([for a in range(101) : [for b in range(100) : \"${a}-${b}\"]]))\n}\n",
        "resource \"x_y\" \"n\" {\n  dynamic \"d\" {\n    for_each = flatten([for a in range(101) : range(100)])\n    content {}\n  }\n}\n",
    ] {
        let model = load(text);
        let budget: Vec<_> = model.diagnostics.iter().filter(|d| d.code == "instance-budget").collect();
        assert_eq!(budget.len(), 1, "{text}: {:?}", model.diagnostics);
        assert!(
            budget[0].message.contains("10100 instances") && budget[0].message.contains("other 100"),
            "{}",
            budget[0].message
        );
        let written = &text[budget[0].range.start as usize..budget[0].range.end as usize];
        assert!(
            written.starts_with("10100") || written.starts_with("toset") || written.starts_with("flatten"),
            "{written}"
        );
    }
}

fn value_of(model: &vigil_model::Model, address: &str) -> Option<serde_json::Value> {
    model.resources().find(|r| r.address == address)?.values.get("v").cloned()
}

/// The budgets are the configured ones (vigil.toml's `[limits]`), and a message
/// says which key raises the one it hit.
#[test]
fn configured_budgets_apply_and_are_named() {
    let read = |text: &str, limits: Limits| {
        let files = [SourceFile::new("main.tf", text)];
        let (inputs, diagnostics) = plan_stacks(&files);
        assemble(inputs.iter().map(|i| load_stack_with(i, &limits, None)), diagnostics)
    };
    let count = "resource \"x_y\" \"n\" {\n  count = 30\n}\n";
    let model = read(count, Limits { instances: 20, ..Limits::default() });
    assert_eq!(model.resources().count(), 20);
    let budget: Vec<_> = model.diagnostics.iter().filter(|d| d.code == "instance-budget").collect();
    assert_eq!(budget.len(), 1, "{:?}", model.diagnostics);
    assert!(budget[0].message.contains("raise `instances`"), "{}", budget[0].message);
    assert_eq!(read(count, Limits { instances: 30, ..Limits::default() }).resources().count(), 30);

    let product = "resource \"x_y\" \"n\" {\n  v = length(setproduct(range(10), range(10)))\n}\n";
    let model = read(product, Limits { setproduct_elements: 99, ..Limits::default() });
    assert!(
        model.diagnostics.iter().any(|d| d.message.contains("more than 99 elements")
            && d.message.contains("raise `setproduct_elements`")),
        "{:?}",
        model.diagnostics
    );
    let model = read(product, Limits::default());
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    assert_eq!(model.resources().next().map(|r| r.values["v"].clone()), Some(serde_json::json!(100)));

    let big = "resource \"x_y\" \"n\" {\n  v = length(formatlist(\"%02000s\", range(1000)))\n}\n";
    let model = read(big, Limits { function_value_mib: 1, ..Limits::default() });
    assert!(
        model
            .diagnostics
            .iter()
            .any(|d| d.message.contains("larger than 1 MiB")
                && d.message.contains("raise `function_value_mib`")),
        "{:?}",
        model.diagnostics
    );
    assert!(read(big, Limits::default()).diagnostics.is_empty());

    // Every instance builds a 2,000-string set: the preview's work, not any one value,
    // is what grows. Past `preview_steps` the values are unknown, said once where the
    // budget ran out; what was evaluated before it keeps its value.
    let heavy = "resource \"x_y\" \"first\" {\n  v = \"known\"\n}\nresource \"x_y\" \"n\" {\n  count = 20\n  v     = length(toset(flatten([for a in range(20) : [for b in range(100) : \"s${a}-${b}\"]])))\n}\n";
    let model = read(heavy, Limits { preview_steps: 50_000, ..Limits::default() });
    let budget: Vec<_> = model.diagnostics.iter().filter(|d| d.code == "preview-budget").collect();
    assert_eq!(budget.len(), 1, "{:?}", model.diagnostics);
    assert!(budget[0].message.contains("raise `preview_steps`"), "{}", budget[0].message);
    assert_eq!(
        &heavy[budget[0].range.as_usize()],
        "length(toset(flatten([for a in range(20) : [for b in range(100) : \"s${a}-${b}\"]])))"
    );
    let value = |address: &str| {
        let r = model.resources().find(|r| r.address == address).unwrap();
        (r.values.get("v").cloned(), r.unknown.contains(&"/v".to_string()))
    };
    assert_eq!(value("x_y.first"), (Some(serde_json::json!("known")), false));
    assert_eq!(value("x_y.n[0]"), (Some(serde_json::json!(2000)), false));
    assert!(value("x_y.n[19]").1, "{:?}", value("x_y.n[19]"));
    assert_eq!(model.resources().count(), 21, "every instance is still in the stack");
    let model = read(heavy, Limits::default());
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    assert_eq!(value_of(&model, "x_y.n[19]"), Some(serde_json::json!(2000)));

    let deep = format!(
        "locals {{\n  x = {}1{}\n}}\nresource \"x_y\" \"n\" {{}}\n",
        "[".repeat(120),
        "]".repeat(120)
    );
    let model = read(&deep, Limits::default());
    assert!(
        model.diagnostics.iter().any(|d| d.message.contains("raise `nesting`")),
        "{:?}",
        model.diagnostics
    );
    let model = read(&deep, Limits { nesting: 150, ..Limits::default() });
    assert!(model.diagnostics.is_empty(), "{:?}", model.diagnostics);
    assert_eq!(model.resources().count(), 1);
}

/// A chain of modules each called with a `count` multiplies: 16 levels of 10 are
/// 10^16 instances. The module tree's budget stops it, said once where it runs out;
/// what was read before is kept, and the root module's own resources always are.
#[test]
fn a_module_tree_has_an_instance_budget() {
    let mut files = vec![SourceFile::new(
        "main.tf",
        "resource \"aws_s3_bucket\" \"first\" {\n  acl = \"public-read\"\n}\nmodule \"m\" {\n  source = \"./m0\"\n  count  = 10\n}\n",
    )];
    for level in 0..16 {
        let call = if level < 15 {
            format!("module \"m\" {{\n  source = \"../m{}\"\n  count  = 10\n}}\n", level + 1)
        } else {
            String::new()
        };
        files.push(SourceFile::new(
            format!("m{level}/main.tf"),
            format!("resource \"aws_s3_bucket\" \"b\" {{\n  acl = \"private\"\n}}\n{call}"),
        ));
    }
    let (inputs, diagnostics) = plan_stacks(&files);
    let limits = Limits { module_tree_instances: 5_000, ..Limits::default() };
    let model = assemble(inputs.iter().map(|i| load_stack_with(i, &limits, None)), diagnostics);
    let budget: Vec<_> = model.diagnostics.iter().filter(|d| d.code == "instance-budget").collect();
    assert_eq!(budget.len(), 1, "{:?}", budget);
    assert!(budget[0].message.contains("past 5000 module and resource instances"), "{}", budget[0].message);
    assert!(budget[0].message.contains("raise `module_tree_instances`"), "{}", budget[0].message);
    assert!(model.resources().count() < 5_000);
    assert!(model.resources().any(|r| r.address == "aws_s3_bucket.first"));
    // Modules are read depth first (a module's outputs are read before what uses
    // them), so the deepest instances come first.
    assert!(model.resources().any(|r| r.address.starts_with("module.m[0].module.m[0].module.m[0].")));
}

/// `required_providers` of every module the stack reads, in both spellings, each
/// constraint once: what decides which provider (and so which defaults) applies.
#[test]
fn required_providers_constraints_are_read_from_every_module() {
    let files: Vec<SourceFile> = [
        (
            "versions.tf",
            r#"
terraform {
  required_version = ">= 1.3"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 2.90"
    }
    random = "~> 3.0"
    local  = { source = "hashicorp/local" }
  }
}
module "a" {
  source = "./modules/a"
  count  = 2
}
"#,
        ),
        (
            "modules/a/main.tf",
            r#"
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = ">= 2.50" }
  }
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "westeurope"
}
"#,
        ),
    ]
    .iter()
    .map(|(p, t)| SourceFile::new(*p, *t))
    .collect();
    let model = load_workspace(&files);
    let stack = model.stacks.iter().find(|s| s.id.is_empty() || s.id == ".").unwrap_or(&model.stacks[0]);
    assert_eq!(
        serde_json::to_value(&stack.providers).unwrap(),
        serde_json::json!({"azurerm": [">= 2.50", "~> 2.90"], "random": ["~> 3.0"]})
    );
}
