//! Variable types as Terraform applies them: `optional()` attributes filled in,
//! values converted to the declared type, `nullable = false`, and sensitive values kept
//! out of messages. The fixtures are written in the style of widely used public
//! modules (a storage module with an object of settings and a map of lifecycle rules,
//! a security group fed by a list of rule objects).

#![allow(clippy::unwrap_used)] // tests fail loudly on bad fixtures

use vigil_model::{load_workspace, SourceFile};

fn values_of(files: &[(&str, &str)]) -> serde_json::Value {
    let files: Vec<SourceFile> = files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
    let model = load_workspace(&files);
    let mut out = serde_json::Map::new();
    for r in model.resources() {
        out.insert(r.address.clone(), serde_json::json!({"values": r.values, "unknown": r.unknown}));
    }
    let diags: Vec<String> = model
        .diagnostics
        .iter()
        .map(|d| format!("{}:{:?} {:?} {} {}", d.file, d.range, d.severity, d.code, d.message))
        .collect();
    out.insert("diagnostics".into(), serde_json::json!(diags));
    serde_json::Value::Object(out)
}

const STORAGE_VARIABLES: &str = r#"
variable "name" {
  description = "Name of the bucket."
  type        = string
}

variable "settings" {
  description = "Bucket settings; every attribute has a default."
  type = object({
    versioning     = optional(bool, false)
    retention_days = optional(number, 30)
    encryption = optional(object({
      enabled   = optional(bool, true)
      algorithm = optional(string, "aws:kms")
    }), {})
  })
  default  = {}
  nullable = false
}

variable "lifecycle_rules" {
  description = "Lifecycle rules by id."
  type = map(object({
    enabled = optional(bool, true)
    prefix  = optional(string)
    expiration = optional(object({
      days = number
    }))
    transitions = optional(list(object({
      days          = number
      storage_class = optional(string, "STANDARD_IA")
    })), [])
  }))
  default  = {}
  nullable = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
  nullable    = false
}
"#;

const STORAGE_MAIN: &str = r#"
resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags   = merge(var.tags, { Versioned = tostring(var.settings.versioning) })
}

resource "aws_s3_bucket_versioning" "this" {
  bucket = aws_s3_bucket.this.id
  versioning_configuration {
    status = var.settings.versioning ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  count  = var.settings.encryption.enabled ? 1 : 0
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = var.settings.encryption.algorithm
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  dynamic "rule" {
    for_each = var.lifecycle_rules
    content {
      id     = rule.key
      status = rule.value.enabled ? "Enabled" : "Disabled"
      filter {
        prefix = rule.value.prefix
      }
      dynamic "expiration" {
        for_each = rule.value.expiration == null ? [] : [rule.value.expiration]
        content {
          days = expiration.value.days
        }
      }
      dynamic "transition" {
        for_each = rule.value.transitions
        content {
          days          = transition.value.days
          storage_class = transition.value.storage_class
        }
      }
    }
  }
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/s3/${var.name}"
  retention_in_days = var.settings.retention_days
}
"#;

const ROOT_MAIN: &str = r#"
variable "environment" {
  type = string
}

variable "log_retention" {
  type = number
}

variable "public_access" {
  type    = bool
  default = false
}

variable "backup_window_hours" {
  type    = number
  default = 4
}

variable "db_user" {
  type      = string
  sensitive = true
}

variable "ingress_rules" {
  description = "Ingress rules of the web security group."
  type = list(object({
    from_port   = number
    to_port     = optional(number)
    protocol    = optional(string, "tcp")
    cidr_blocks = optional(list(string), ["10.0.0.0/8"])
  }))
  default = []
}

locals {
  db_users = {
    app = "application"
  }
}

module "logs" {
  source = "./modules/storage"

  name     = "logs-${var.environment}"
  settings = { versioning = true, retention_days = var.log_retention }
  lifecycle_rules = {
    archive = {
      prefix      = "archive/"
      transitions = [{ days = "90" }, { days = 365, storage_class = "GLACIER" }]
    }
    scratch = {
      enabled    = "false"
      expiration = { days = 7 }
    }
  }
  tags = null
}

module "artifacts" {
  source = "./modules/storage"

  name     = "artifacts"
  settings = { encryption = { algorithm = "AES256" }, retention_days = "ninety" }
}

resource "aws_security_group" "web" {
  name = "web-${var.environment}"

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      from_port   = ingress.value.from_port
      to_port     = coalesce(ingress.value.to_port, ingress.value.from_port)
      protocol    = ingress.value.protocol
      cidr_blocks = ingress.value.cidr_blocks
    }
  }
}

resource "aws_db_instance" "main" {
  identifier          = "main-${var.environment}"
  publicly_accessible = var.public_access
  backup_window       = "0${var.backup_window_hours}:00-05:00"
  username            = local.db_users[var.db_user]
}
"#;

const ROOT_TFVARS: &str = r#"
environment   = "prod"
log_retention = "90"
public_access = "true"

backup_window_hours = "four"

db_user = "sup3r-secret-user"

ingress_rules = [
  { from_port = "443" },
  { from_port = 22, to_port = "22", cidr_blocks = ["0.0.0.0/0"] },
]
"#;

/// The root's tfvars strings become numbers and bools; optional attributes of objects,
/// of objects in a map and of objects in lists get their defaults; `tags = null` on a
/// non-nullable variable is its default; a value the type rejects is a warning where it
/// is written and the variable is unknown; the sensitive `db_user` is used (the lookup
/// fails) but its value is in no message.
#[test]
fn typed_variables_in_a_storage_module_and_a_root_with_tfvars() {
    let v = values_of(&[
        ("main.tf", ROOT_MAIN),
        ("terraform.tfvars", ROOT_TFVARS),
        ("modules/storage/variables.tf", STORAGE_VARIABLES),
        ("modules/storage/main.tf", STORAGE_MAIN),
    ]);
    let text = serde_json::to_string(&v).unwrap();
    assert!(!text.contains("sup3r-secret-user"), "a sensitive value is printed: {text}");
    insta::assert_json_snapshot!(v);
}

/// The reproduction of issue 9's item 2: `optional(bool, false)` read back through
/// `tostring()`, without a warning.
#[test]
fn an_optional_attribute_left_out_of_a_default_is_there() {
    let v = values_of(&[(
        "main.tf",
        r#"
variable "settings" {
  type = object({
    versioning = optional(bool, false)
    name       = string
  })
  default = { name = "logs" }
}
variable "tags" {
  type     = map(string)
  default  = {}
  nullable = false
}
resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  tags              = merge(var.tags, { Name = var.settings.name, V = tostring(var.settings.versioning) })
}
"#,
    )]);
    insta::assert_json_snapshot!(v, @r###"
    {
      "aws_ebs_volume.data": {
        "values": {
          "availability_zone": "eu-west-1a",
          "tags": {
            "Name": "logs",
            "V": "false"
          }
        },
        "unknown": []
      },
      "diagnostics": []
    }
    "###);
}

/// A reusable module checked as a root passes its own input on: a value the child's
/// type rejects depends on what callers give, so it is a note; the same value written
/// by the caller is a warning.
#[test]
fn a_rejected_value_computed_from_unset_inputs_is_a_note() {
    let child = r#"
variable "tags" {
  type     = map(string)
  nullable = false
}
resource "aws_s3_bucket" "b" {
  tags = var.tags
}
"#;
    let v = values_of(&[
        (
            "main.tf",
            r#"
variable "tags" {
  type    = map(string)
  default = null
}
module "passed_on" {
  source = "./bucket"
  tags   = var.tags
}
module "written" {
  source = "./bucket"
  tags   = null
}
"#,
        ),
        ("bucket/main.tf", child),
    ]);
    insta::assert_json_snapshot!(v["diagnostics"], @r###"
    [
      "main.tf:116..124 Info terraform-variable-type variable `tags` is set to null, which `nullable = false` does not allow, and it has no default to use instead; Terraform rejects it (with a value that depends on input variables this configuration does not set)",
      "main.tf:179..183 Warning terraform-variable-type variable `tags` is set to null, which `nullable = false` does not allow, and it has no default to use instead; Terraform rejects it"
    ]
    "###);
}
