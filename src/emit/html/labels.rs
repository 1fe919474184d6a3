//! What the report calls things: the reviewers read Japanese, so categories,
//! severities and disclosure requirements get Japanese names beside the
//! contract's ids, and each category a colour.

use crate::diagnostic::{Category, Requirement, Severity};

/// A category's name for reviewers.
pub fn category(category: Category) -> &'static str {
    match category {
        Category::SafetyGuarantee => "安全性の保証",
        Category::EfficacyGuarantee => "効果の保証",
        Category::Superlative => "最大級・比較優良",
        Category::CureClaim => "治癒・若返り",
        Category::Testimonial => "体験談",
        Category::UnsupportedEvidence => "根拠のない科学的表現",
        Category::Endorsement => "推薦・権威づけ",
        Category::Inducement => "費用・期間による誘引",
        Category::MissingDisclosure => "必要な記載の欠落",
    }
}

/// A category's colour: Paul Tol's muted scheme, nine colours that stay
/// apart for colour-blind readers and in print.
pub fn colour(category: Category) -> &'static str {
    match category {
        Category::SafetyGuarantee => "#cc6677",
        Category::EfficacyGuarantee => "#ddcc77",
        Category::Superlative => "#332288",
        Category::CureClaim => "#aa4499",
        Category::Testimonial => "#44aa99",
        Category::UnsupportedEvidence => "#88ccee",
        Category::Endorsement => "#117733",
        Category::Inducement => "#999933",
        Category::MissingDisclosure => "#882255",
    }
}

pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "エラー",
        Severity::Warning => "警告",
        Severity::Info => "情報",
    }
}

/// What a page must still say to meet a requirement (a checklist line).
pub fn requirement(requirement: Requirement) -> &'static str {
    match requirement {
        Requirement::FreeCareCost => "自由診療の通常の費用(金額)",
        Requirement::FreeCareRisk => "自由診療の主なリスク・副作用",
        Requirement::Contact => "問い合わせ先(電話番号・所在地・問い合わせフォーム)",
        Requirement::UnapprovedStatus => "未承認医薬品等であること",
        Requirement::AcquisitionRoute => "未承認医薬品等の入手経路",
        Requirement::DomesticApproval => "同一成分・同一目的の国内承認医薬品の有無",
        Requirement::ForeignSafety => "諸外国における安全性等の情報",
        Requirement::ReliefSystem => "医薬品副作用被害救済制度の対象外であること",
    }
}

/// The CSS class of a category (`c-safety-guarantee`).
pub fn category_class(category: Category) -> String {
    format!("c-{}", category.as_str())
}

/// The CSS class of a severity (`s-error`).
pub fn severity_class(severity: Severity) -> String {
    format!("s-{}", severity.as_str())
}

pub const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];
