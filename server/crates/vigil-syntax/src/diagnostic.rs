use crate::TextRange;

/// A problem in an input file (IaC, policy or config), positioned in that file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Workspace-relative path, `/`-separated.
    pub file: String,
    pub range: TextRange,
    pub severity: DiagnosticSeverity,
    /// A short stable code: `syntax`, `cycle`, `policy-compile`, `config`, ...
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DiagnosticSeverity {
    Error,
    Warning,
    Info,
}

impl DiagnosticSeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosticSeverity::Error => "error",
            DiagnosticSeverity::Warning => "warning",
            DiagnosticSeverity::Info => "info",
        }
    }
}

impl Diagnostic {
    pub fn new(
        file: impl Into<String>,
        range: TextRange,
        severity: DiagnosticSeverity,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic { file: file.into(), range, severity, code: code.to_string(), message: message.into() }
    }

    pub fn error(file: impl Into<String>, range: TextRange, code: &str, message: impl Into<String>) -> Self {
        Self::new(file, range, DiagnosticSeverity::Error, code, message)
    }

    pub fn warning(
        file: impl Into<String>,
        range: TextRange,
        code: &str,
        message: impl Into<String>,
    ) -> Self {
        Self::new(file, range, DiagnosticSeverity::Warning, code, message)
    }

    pub fn info(file: impl Into<String>, range: TextRange, code: &str, message: impl Into<String>) -> Self {
        Self::new(file, range, DiagnosticSeverity::Info, code, message)
    }
}

impl crate::SyntaxError {
    pub fn to_diagnostic(&self, file: &str) -> Diagnostic {
        Diagnostic::error(file, self.range, "syntax", self.message.clone())
    }
}
