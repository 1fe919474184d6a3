//! The engine against a matrix of wordings for every category: conjugations,
//! spellings, width variants, negation, limitation, questions, mentions,
//! hedges, disclaimers and citations. Each case asserts the exact findings
//! (rule, flagged text, severity) of the built-in rules.

use std::sync::OnceLock;

use claimlint::rules::{Profile, RuleSet};

fn all_rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| RuleSet::builtin().expect("built-in rules load"))
}

/// Findings of a profile's rules as `rule「text」severity`.
fn findings_for(profile: Profile, text: &str) -> Vec<String> {
    let rules = all_rules().restrict(|r| r.profiles.contains(&profile));
    let linted = claimlint::lint(text.as_bytes(), &rules).expect("lints");
    linted.diagnostics.iter().map(|d| format!("{}「{}」{}", d.rule, d.text, d.severity)).collect()
}

/// Asserts every case with the medical profile (the default) and reports
/// all mismatches at once.
fn check(cases: &[(&str, &[&str])]) {
    check_profile(Profile::Medical, cases);
}

fn check_profile(profile: Profile, cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let actual = findings_for(profile, text);
        if actual != *expected {
            failures.push(format!("{text}\n    expected {expected:?}\n    actual   {actual:?}"));
        }
    }
    assert!(failures.is_empty(), "{} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn safety_guarantees() {
    check(&[
        // Spellings and conjugations of a denial.
        ("副作用がない施術です。", &["safety.side-effects-denied「副作用がない」error"]),
        ("副作用は無い施術です。", &["safety.side-effects-denied「副作用は無い」error"]),
        ("副作用はありません。", &["safety.side-effects-denied「副作用はありません」error"]),
        (
            "副作用の心配はございません。",
            &["safety.side-effects-denied「副作用の心配はございません」error"],
        ),
        ("副作用なしで受けられます。", &["safety.side-effects-denied「副作用なし」error"]),
        (
            "副作用がなかったという報告です。",
            &["safety.side-effects-denied「副作用がなかっ」error"],
        ),
        (
            "副作用が極めて少ない治療です。",
            &["safety.side-effects-denied「副作用が極めて少ない」error"],
        ),
        (
            "リスクが非常に低い方法です。",
            &["safety.side-effects-denied「リスクが非常に低い」error"],
        ),
        (
            "拒絶反応が起きない素材です。",
            &["safety.side-effects-denied「拒絶反応が起きない」error"],
        ),
        ("安全性が高い治療です。", &["safety.safety-asserted「安全性が高い」error"]),
        ("安全性の高い施術です。", &["safety.safety-asserted「安全性の高い」error"]),
        ("安心して受けられます。", &["safety.safety-asserted「安心して受けられ」error"]),
        (
            "からだに負担をかけない方法です。",
            &["safety.safety-asserted「からだに負担をかけない」error"],
        ),
        // Negated, limited, asked and mentioned: not guarantees.
        ("副作用が全く無いわけではありません。", &[]),
        ("副作用がゼロではありません。", &[]),
        ("副作用はゼロとは言えません。", &[]),
        ("絶対的な安全性を保証することはできません。", &[]),
        ("安全性が高いとは限りません。", &[]),
        ("副作用がないか、医師が確認します。", &[]),
        ("副作用はないのでしょうか?", &[]),
        ("「副作用がない」などの表現は広告に使えません。", &[]),
        ("副作用がないといった表現は禁止されています。", &[]),
        // A factual list of side effects.
        ("副作用として赤み、腫れ、内出血が出ることがあります。", &[]),
        // Hedged: one step lower.
        (
            "副作用が少ないとされています。",
            &["safety.side-effects-denied「副作用が少ない」warning"],
        ),
        ("安全性が高いと考えられています。", &["safety.safety-asserted「安全性が高い」warning"]),
    ]);
}

#[test]
fn efficacy_guarantees() {
    check(&[
        (
            "一度で必ず効果を実感できます。",
            &["efficacy.immediate-results「一度で必ず効果を実感」error"],
        ),
        ("確実に改善します。", &["efficacy.guaranteed-results「確実に改善」error"]),
        ("誰でも効果が出ます。", &["efficacy.guaranteed-results「誰でも効果」error"]),
        // Two claims in one: a guarantee and a rejuvenation claim.
        (
            "どなたでも若返ります。",
            &[
                "efficacy.guaranteed-results「どなたでも若返り」error",
                "cure.rejuvenation「若返り」error",
            ],
        ),
        ("100%満足いただけます。", &["efficacy.guaranteed-results「100%満足」error"]),
        ("１００％満足いただけます。", &["efficacy.guaranteed-results「１００％満足」error"]),
        // Not guarantees.
        ("必ず医師の診察を受けてください。", &[]),
        ("必ずしも効果が出るとは限りません。", &[]),
        ("誰でも効果が出るわけではありません。", &[]),
        ("確実に改善するとは言い切れません。", &[]),
        // A disclaimer in the same sentence silences; in the paragraph, softens.
        ("確実に改善します(効果には個人差があります)。", &[]),
        (
            "確実に改善します。効果には個人差があります。",
            &["efficacy.guaranteed-results「確実に改善」warning"],
        ),
        // A disclaimer in another paragraph does not reach.
        (
            "確実に改善します。\n\n効果には個人差があります。",
            &["efficacy.guaranteed-results「確実に改善」error"],
        ),
    ]);
}

#[test]
fn superlatives() {
    check(&[
        ("最先端の治療です。", &["superlative.top-ranking「最先端」error"]),
        ("満足度No.1の施術。", &["superlative.top-ranking「No.1」error"]),
        ("地域ＮＯ．１の実績。", &["superlative.top-ranking「ＮＯ．１」error"]),
        ("日本一の症例数です。", &["superlative.top-ranking「日本一」error"]),
        ("最新の治療をご提供。", &["superlative.top-ranking「最新の治療」error"]),
        (
            "他院よりも効果が高い施術です。",
            &["superlative.comparison「他院よりも効果が高い」error"],
        ),
        (
            "他の治療法に比べて優れています。",
            &["superlative.comparison「他の治療法に比べて」error"],
        ),
        // The same words in a non-claim sense.
        ("最新の情報はこちら。", &[]),
        ("最大の注意を払います。", &[]),
        ("「最先端」という表現は使えません。", &[]),
        // A ranking with its survey source beside it is downgraded, not silenced.
        ("満足度No.1(2023年 サンプルリサーチ調べ)。", &["superlative.top-ranking「No.1」warning"]),
    ]);
}

#[test]
fn cure_claims() {
    check(&[
        ("薄毛の根本治療です。", &["cure.root-cure「根本治療」error"]),
        ("根本的な改善を目指します。", &["cure.root-cure「根本的な改善」error"]),
        ("アトピーが完治します。", &["cure.root-cure「完治」error"]),
        ("肌が若返ります。", &["cure.rejuvenation「若返り」error"]),
        ("肌を若返らせる施術です。", &["cure.rejuvenation「若返らせる」error"]),
        ("細胞を活性化させます。", &["cure.cell-level「細胞を活性化」error"]),
        ("体質改善を目指します。", &["cure.root-cure「体質改善」error"]),
        // Nouns that are not claims, and negated claims.
        ("薄毛の根本原因を解説します。", &[]),
        ("薬だけでは根本的な改善には至りません。", &[]),
        ("完治するわけではありません。", &[]),
        ("完治は難しい病気です。", &[]),
        ("治療で若返るわけではありません。", &[]),
    ]);
}

#[test]
fn testimonials() {
    check(&[
        ("患者様の声をご紹介します。", &["testimonial.patient-voices「患者様の声」error"]),
        ("満足度98%の施術です。", &["testimonial.patient-voices「満足度98%」error"]),
        ("満足度９８％の施術です。", &["testimonial.patient-voices「満足度９８％」error"]),
        ("口コミで話題の治療です。", &["testimonial.patient-voices「口コミで話題」error"]),
        (
            "肌が明るくなったという実感を持つ方も多くいます。",
            &["testimonial.patient-voices「という実感を持つ方も多く」error"],
        ),
        ("変化を感じる方が多い治療です。", &["testimonial.patient-voices「感じる方が多い」error"]),
        // A disclaimer does not cure a testimonial.
        (
            "患者様の声(個人の感想であり、効果には個人差があります)",
            &["testimonial.patient-voices「患者様の声」error"],
        ),
    ]);
}

#[test]
fn unsupported_evidence_and_citations() {
    check(&[
        (
            "科学的根拠に基づいた治療です。",
            &["evidence.unsupported-science「科学的根拠に基づい」warning"],
        ),
        ("医学的に証明された方法です。", &["evidence.unsupported-science「医学的に証明」warning"]),
        (
            "多くの研究で確認されています。",
            &["evidence.unsupported-science「研究で確認され」warning"],
        ),
        // An inline citation in the sentence or paragraph.
        ("多くの研究で確認されています(Tanaka et al., 2021)。", &[]),
        ("研究で確認されています。出典: 再生医療誌 2020年5月号", &[]),
        ("研究で確認されています(山田ら, 2020)。", &[]),
        // A marker resolved by a footnote or a reference list.
        ("臨床試験で効果が報告されています※1。\n※1 山田ら, 2020", &[]),
        ("研究で確認されています[1]。\n\n参考文献\n[1] Sato K. 2020", &[]),
        // An unresolved marker is no citation.
        ("研究で確認されています※1。", &["evidence.unsupported-science「研究で確認され」warning"]),
        // A citation in another paragraph does not reach.
        (
            "研究で確認されています。\n\n(Tanaka et al., 2021)",
            &["evidence.unsupported-science「研究で確認され」warning"],
        ),
    ]);
}

#[test]
fn endorsements_and_inducements() {
    check(&[
        ("医師も愛用するケアです。", &["endorsement.expert-recommendation「医師も愛用」error"]),
        (
            "芸能人も通うクリニックです。",
            &["endorsement.expert-recommendation「芸能人も通う」error"],
        ),
        ("皮膚科学会推奨の施術です。", &["endorsement.expert-recommendation「学会推奨」error"]),
        ("この記事の監修医師: 山田一郎", &[]),
        ("医師が診察して治療方針を決めます。", &[]),
        (
            "今なら半額です。",
            &[
                "inducement.price-pressure「今なら」warning",
                "inducement.price-pressure「半額」warning",
            ],
        ),
        (
            "期間限定３０％ＯＦＦ。",
            &[
                "inducement.price-pressure「期間限定」warning",
                "inducement.price-pressure「３０％ＯＦＦ」warning",
            ],
        ),
        // A plain price is no inducement (though a price on a clinic page
        // calls for the free-care disclosures).
        (
            "通常価格 22,000円(税込)",
            &["disclosure.contact「22,000円」error", "disclosure.free-care-risk「22,000円」error"],
        ),
    ]);
}

#[test]
fn document_level_requirements() {
    let unapproved_all = [
        "disclosure.acquisition-route「エクソソーム」error",
        "disclosure.contact「エクソソーム」error",
        "disclosure.domestic-approval「エクソソーム」error",
        "disclosure.foreign-safety「エクソソーム」error",
        "disclosure.free-care-cost「エクソソーム」error",
        "disclosure.free-care-risk「エクソソーム」error",
        "disclosure.relief-system「エクソソーム」error",
        "disclosure.unapproved-status「エクソソーム」error",
    ];
    check(&[
        // No trigger: no requirement.
        ("保険診療で行うニキビ治療です。", &[]),
        // An unapproved product triggers everything; one finding per requirement.
        ("エクソソーム点滴を行っています。", &unapproved_all),
        // Self-pay wording triggers only the free-care requirements.
        (
            "自由診療の美容点滴です。",
            &[
                "disclosure.contact「自由診療」error",
                "disclosure.free-care-cost「自由診療」error",
                "disclosure.free-care-risk「自由診療」error",
            ],
        ),
        // A price triggers them and meets the cost requirement.
        (
            "美容点滴 1回 8,800円",
            &["disclosure.contact「8,800円」error", "disclosure.free-care-risk「8,800円」error"],
        ),
        // A denial of side effects does not disclose risks.
        (
            "自由診療です。費用は1回 5,500円。電話 03-0000-0000。副作用はありません。",
            &[
                "disclosure.free-care-risk「自由診療」error",
                "safety.side-effects-denied「副作用はありません」error",
            ],
        ),
        ("自由診療です。費用は1回 5,500円。電話 03-0000-0000。内出血が出ることがあります。", &[]),
    ]);
}

#[test]
fn cosmetic_profile() {
    check_profile(
        Profile::Cosmetic,
        &[
            ("シミを改善する美容液です。", &["cosmetic.beyond-efficacy-range「シミを改善」error"]),
            ("シミが消える美容液です。", &["cosmetic.beyond-efficacy-range「シミが消える」error"]),
            (
                "肌の奥深くまで浸透します。",
                &["cosmetic.deep-penetration「肌の奥深くまで浸透」error"],
            ),
            ("角質層まで浸透します。", &[]),
            ("ｱﾝﾁｴｲｼﾞﾝｸﾞにおすすめ。", &["cosmetic.anti-aging-claim「ｱﾝﾁｴｲｼﾞﾝｸﾞ」error"]),
            ("エイジングケア※に。※年齢に応じたお手入れのこと", &[]),
            ("肌にうるおいを与え、キメを整えます。", &[]),
            // Price pressure sells products as well as treatments.
            (
                "今なら半額、3,980円。",
                &[
                    "inducement.price-pressure「今なら」warning",
                    "inducement.price-pressure「半額」warning",
                ],
            ),
            // The medical-only disclosure rules do not apply.
            ("エクソソーム配合の美容液です。", &[]),
        ],
    );
}

#[test]
fn health_food_profile() {
    check_profile(
        Profile::HealthFood,
        &[
            ("糖尿病に効くお茶です。", &["health-food.disease-claim「糖尿病に効く」error"]),
            ("血圧を下げるサプリ。", &["health-food.medicinal-effect「血圧を下げる」error"]),
            ("飲むだけで痩せるお茶。", &["health-food.weight-loss「飲むだけで痩せる」error"]),
            ("免疫力を高めます。", &["health-food.medicinal-effect「免疫力を高め」error"]),
            ("病気の治療中の方は医師にご相談ください。", &[]),
            ("ビタミンCを1粒に100mg配合。", &[]),
            ("便秘が治るわけではありません。", &[]),
        ],
    );
}

/// Polarity beyond plain negation: auxiliaries, conditions, purposes,
/// quoted questions, checks and designs do not assert what they contain.
#[test]
fn polarity_in_context() {
    check(&[
        // A negation after a passive or auxiliary still negates.
        ("安全性は確立されていません。", &[]),
        ("効果は認められていません。", &[]),
        // A condition or concession only supposes.
        ("ニキビが治っても跡が残ることがあります。", &[]),
        ("薄毛が治ったら嬉しいですよね。", &[]),
        // A quoted claim asked about.
        ("「痛みが少ない」は本当?", &[]),
        // A check that something does not happen.
        ("アレルギー反応が出ないことを確認してから施術します。", &[]),
        // A contrast that denies what comes before it.
        ("副作用がないどころか、赤みや腫れが出ることがあります。", &[]),
        // A polite negative is not its positive (います, ます never match いません).
        ("これで安心できません。", &[]),
        ("このお茶で痩せません。", &[]),
        // A negated ending that is part of the claim itself.
        (
            "永久に生えてこない状態を目指せます。",
            &["efficacy.permanent-results「永久に生えてこない」error"],
        ),
        // Denials in other forms are still denials.
        (
            "これまでに副作用が出た方は一人もいません。",
            &["safety.no-trouble-reported「副作用が出た方は一人もいません」error"],
        ),
    ]);
    check_profile(
        Profile::Cosmetic,
        &[
            // The goal of a method, not a claim.
            ("黒ずみ毛穴をなくすためには、保湿が大切です。", &[]),
            ("シミを消す方法は皮膚科で相談しましょう。", &[]),
            // A design intention with its caveat.
            ("敏感肌の方にもお使いいただけるよう処方しています。", &[]),
            // But a plain promise is one.
            (
                "敏感肌の方にも安心してお使いいただけます。",
                &["safety.gentle-on-body「敏感肌の方にも安心」error"],
            ),
        ],
    );
}

/// Claims recognised by their shape rather than a keyword.
#[test]
fn claims_by_shape() {
    check(&[
        // A quote followed by who said it.
        (
            "「階段が楽になりました」(70代・農業)",
            &["testimonial.quoted-experience「「階段が楽になりました」(70代・農業)」error"],
        ),
        (
            "「毎朝が楽しみです」(T.Mさん)",
            &["testimonial.quoted-experience「「毎朝が楽しみです」(T.Mさん)」error"],
        ),
        // The same shape with an expert is borrowed authority.
        (
            "「患者さんにも勧めています」(整形外科医・K先生)",
            &[
                "endorsement.expert-recommendation「「患者さんにも勧めています」(整形外科医・K先生)」error",
            ],
        ),
        // A heading that introduces voices.
        ("■ 施術を受けた方の声", &["testimonial.patient-voices「方の声」error"]),
        // Rates and head-counts offered as proof.
        ("定期便の継続率92.5%", &["testimonial.result-statistics「継続率92.5%」error"]),
        (
            "改善率96%の施術です。",
            &[
                "efficacy.guaranteed-results「改善率96%」error",
                "evidence.unsupported-statistics「改善率96%」error",
            ],
        ),
        // 〜するだけで + a result.
        (
            "塗るだけで目元がふっくら若々しく。",
            &["efficacy.effortless-results「塗るだけで目元がふっくら若々し」error"],
        ),
        ("見た目を整えるだけでなく、気持ちも前向きに。", &[]),
        // A ranking without punctuation.
        ("患者満足度ランキング第1位", &["superlative.top-ranking「満足度ランキング第1位」error"]),
        // A doctor's biography names the places, not a claim.
        ("大学病院で最先端の再生医療に携わったのち、当院院長に就任。", &[]),
        // Urgency and guarantees.
        ("残り3枠です。", &["inducement.urgency-and-guarantees「残り3枠」warning"]),
        (
            "他院からの乗り換えで1万円引き。",
            &[
                "inducement.urgency-and-guarantees「他院からの乗り換え」warning",
                "inducement.price-pressure「1万円引き」warning",
            ],
        ),
    ]);
}

/// The page's own statement that a drug is unapproved makes it need every
/// unapproved-drug disclosure.
#[test]
fn unapproved_statement_triggers_the_disclosures() {
    let found = findings_for(
        Profile::Medical,
        "脂肪を溶かす注射です。使用する薬剤は国内未承認医薬品です。\n料金 1本 9,800円\n腫れが出ることがあります。\nTEL 03-0000-0000",
    );
    assert_eq!(
        found,
        [
            "disclosure.acquisition-route「国内未承認」error",
            "disclosure.domestic-approval「国内未承認」error",
            "disclosure.foreign-safety「国内未承認」error",
            "disclosure.relief-system「国内未承認」error",
        ]
    );
}
