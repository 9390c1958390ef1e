/// What a file is, decided from its name and a look at its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Terraform,
    /// `terraform.tfvars` or `*.auto.tfvars`: read with the `.tf` files of its directory.
    TerraformVars,
    /// `.terraform/modules/modules.json`: where `terraform init` put the modules a root
    /// module calls (registry and remote ones included).
    TerraformModules,
    CloudFormation,
    Kubernetes,
    /// YAML with `{{`: a Helm template, not a manifest.
    HelmTemplate,
    /// A Pulumi YAML program (`Pulumi.yaml` with `runtime: yaml`, or its `Main.yaml` or
    /// `Main.json`).
    Pulumi,
    /// `Pulumi.<stack>.yaml`: a stack's configuration, read with its program.
    PulumiConfig,
    /// `pulumi preview --json` output.
    PulumiPreview,
    /// `terraform show -json <plan>` output.
    TerraformPlan,
    /// A Terraform state file (format version 4): existing resources (audit mode).
    TerraformState,
    /// `kubectl get -o json` output (a `List`): existing objects (audit mode).
    KubernetesList,
    Other,
}

pub fn classify(path: &str, text: &str) -> FileKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tf") {
        return FileKind::Terraform;
    }
    if lower == "terraform.tfvars" || lower.ends_with(".auto.tfvars") {
        return FileKind::TerraformVars;
    }
    if crate::terraform::manifest_root(path).is_some() {
        return FileKind::TerraformModules;
    }
    let yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
    let json = lower.ends_with(".json") || lower.ends_with(".template");
    if lower.ends_with(".tfstate") || (json && crate::audit::is_terraform_state(text)) {
        return FileKind::TerraformState;
    }
    if !(yaml || json) {
        return FileKind::Other;
    }
    if let Some(kind) = crate::pulumi::classify(&lower, text) {
        return kind;
    }
    if json && crate::plan::is_terraform_plan(text) {
        return FileKind::TerraformPlan;
    }
    if json && crate::audit::is_kubernetes_list(text) {
        return FileKind::KubernetesList;
    }
    if looks_like_cloudformation(text) {
        return FileKind::CloudFormation;
    }
    let kubernetes = if yaml {
        has_line_starting(text, "apiVersion:") && has_line_starting(text, "kind:")
    } else {
        text.contains("\"apiVersion\"") && text.contains("\"kind\"")
    };
    if yaml && text.contains("{{") && (kubernetes || path.contains("templates/")) {
        return FileKind::HelmTemplate;
    }
    if kubernetes {
        return FileKind::Kubernetes;
    }
    FileKind::Other
}

fn looks_like_cloudformation(text: &str) -> bool {
    text.contains("AWSTemplateFormatVersion")
        || (text.contains("Resources")
            && (text.contains("Type: AWS::")
                || text.contains("Type: 'AWS::")
                || text.contains("Type: \"AWS::")
                || text.contains("\"Type\": \"AWS::")
                || text.contains("\"Type\":\"AWS::")))
}

/// A line (after indentation, for documents nested in lists) starting with `prefix`.
fn has_line_starting(text: &str, prefix: &str) -> bool {
    vigil_syntax::lines(text).any(|l| l.trim_start_matches([' ', '-']).starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name_and_content() {
        assert_eq!(classify("a/main.tf", ""), FileKind::Terraform);
        assert_eq!(classify("terraform.tfvars", ""), FileKind::TerraformVars);
        assert_eq!(classify("prod.tfvars", ""), FileKind::Other);
        assert_eq!(classify("k.yaml", "apiVersion: v1\nkind: Pod\n"), FileKind::Kubernetes);
        assert_eq!(
            classify("t.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"),
            FileKind::CloudFormation
        );
        assert_eq!(
            classify("t.json", r#"{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}"#),
            FileKind::CloudFormation
        );
        assert_eq!(
            classify("c/templates/d.yaml", "apiVersion: v1\nkind: Pod\nname: {{ .Values.x }}\n"),
            FileKind::HelmTemplate
        );
        assert_eq!(classify("ci.yml", "jobs:\n  build: {}\n"), FileKind::Other);
        // Lone carriage returns end lines too.
        assert_eq!(classify("k.yaml", "apiVersion: v1\rkind: Pod\r"), FileKind::Kubernetes);
    }
}
