//! Validation of a document description: the JSON Schema plus the thể thức rules
//! of the-thuc.md, all problems at once. Rules read the raw JSON value, so they
//! still run where other fields are malformed.

use serde_json::Value;

use crate::date::DocDate;
use crate::model::markdown::{self, MdBlock};
use crate::problem::{Problem, Severity};
use crate::profile::{Kind, Profile, Profiles, Structure};
use crate::text::{clean_line, upper};

/// Every problem of `value` as a document description.
pub fn check(value: &Value, profiles: &Profiles, override_profile: Option<&str>) -> Vec<Problem> {
    let mut problems = crate::model::schema_problems(value);
    let doc = Doc(value);
    let profile = match crate::model::choose_profile(value, profiles, override_profile) {
        Ok(chosen) => {
            problems.extend(chosen.warning.map(|w| Problem::warning("profile-not-in-force", "/profile", w)));
            chosen.profile
        }
        Err(problem) => {
            problems.push(problem);
            return problems;
        }
    };
    let kind = doc.str("/kind").and_then(|k| match profile.kind(k) {
        Some(kind) => Some(kind),
        None => {
            let known = profile.kinds.keys().cloned().collect::<Vec<_>>().join(", ");
            problems.push(Problem::error(
                "kind-unknown",
                "/kind",
                format!("loại văn bản \"{k}\" không có trong hồ sơ {} (có: {known})", profile.id),
            ));
            None
        }
    });
    let rules = Rules { doc, profile: &profile, kind };
    rules.required(&mut problems);
    rules.date(&mut problems);
    rules.number(&mut problems);
    rules.issuer_code(&mut problems);
    rules.authority(&mut problems);
    rules.recipients(&mut problems);
    rules.subject(&mut problems);
    rules.body(&mut problems);
    rules.draft(&mut problems);
    rules.position(&mut problems);
    rules.signer_name(&mut problems);
    rules.closing_punctuation(&mut problems);
    rules.place(&mut problems);
    rules.issuer_may_issue(&mut problems);
    rules.enacting(&mut problems);
    rules.paper(&mut problems);
    problems
}

pub fn error_count(problems: &[Problem]) -> usize {
    problems.iter().filter(|p| p.severity == Severity::Error).count()
}

/// Typed reads of the raw JSON; a field of the wrong type reads as absent
/// (the schema already reported it).
#[derive(Clone, Copy)]
struct Doc<'a>(&'a Value);

impl<'a> Doc<'a> {
    fn str(&self, pointer: &str) -> Option<&'a str> {
        self.0.pointer(pointer).and_then(Value::as_str)
    }

    fn present(&self, pointer: &str) -> bool {
        match self.0.pointer(pointer) {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.trim().is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(_) => true,
        }
    }

    fn strings(&self, pointer: &str) -> Vec<(usize, &'a str)> {
        let Some(items) = self.0.pointer(pointer).and_then(Value::as_array) else { return Vec::new() };
        items.iter().enumerate().filter_map(|(i, v)| v.as_str().map(|s| (i, s))).collect()
    }
}

struct Rules<'a> {
    doc: Doc<'a>,
    profile: &'a Profile,
    kind: Option<&'a Kind>,
}

/// Vietnamese tone marks sit on different vowels in old and new orthography
/// (`uỷ` / `ủy`); compare names in one of them.
fn fold(s: &str) -> String {
    const PAIRS: [(&str, &str); 10] = [
        ("UỶ", "ỦY"), ("UÝ", "ÚY"), ("UỲ", "ÙY"), ("UỸ", "ŨY"), ("UỴ", "ỤY"),
        ("OÀ", "ÒA"), ("OÁ", "ÓA"), ("OẢ", "ỎA"), ("OÃ", "ÕA"), ("OẠ", "ỌA"),
    ];
    PAIRS.iter().fold(upper(&clean_line(s)), |acc, (old, new)| acc.replace(old, new))
}

impl Rules<'_> {
    fn required(&self, out: &mut Vec<Problem>) {
        let Some(kind) = self.kind else { return };
        if !kind.subject_optional && self.doc.0.get("subject").is_none() {
            out.push(Problem::error("field-required", "/subject", "cần trích yếu nội dung (\"subject\")"));
        }
        for field in &kind.requires {
            if !self.doc.present(&format!("/{field}")) {
                out.push(Problem::error(
                    "field-required",
                    format!("/{field}"),
                    format!("loại văn bản \"{}\" cần trường \"{field}\"", self.doc.str("/kind").unwrap_or_default()),
                ));
            }
        }
    }

    fn date(&self, out: &mut Vec<Problem>) {
        if let Some(date) = self.doc.str("/date")
            && let Err(e) = DocDate::parse(date)
        {
            out.push(Problem::error("date-invalid", "/date", e.message(date)));
        }
    }

    /// `number` as an integer, or as text: `25`, or `25-BC/TU` whose type code
    /// must be the kind's and whose issuer code must be the issuer's.
    fn number(&self, out: &mut Vec<Problem>) {
        let Some(text) = self.doc.str("/number") else { return };
        let text = text.trim();
        let (digits, rest) = text.split_once('-').map_or((text, None), |(d, r)| (d, Some(r)));
        let digits_ok = !digits.is_empty() && digits.len() <= 5 && digits.chars().all(|c| c.is_ascii_digit());
        let codes = rest.map(|r| r.split_once('/'));
        let shape_ok = digits_ok && digits.parse::<u32>().is_ok_and(|n| n > 0) && !matches!(codes, Some(None));
        if !shape_ok {
            out.push(Problem::error(
                "number-shape",
                "/number",
                format!("số \"{text}\" không đúng dạng; dùng số (25) hoặc số và ký hiệu (25-BC/TU)"),
            ));
            return;
        }
        let Some(Some((type_code, issuer_code))) = codes else { return };
        if let Some(kind) = self.kind
            && type_code != kind.type_code
        {
            out.push(Problem::error(
                "number-type-code",
                "/number",
                format!("ký hiệu loại \"{type_code}\" không khớp loại văn bản; {} dùng \"{}\"", kind.name.to_lowercase(), kind.type_code),
            ));
        }
        if let Some(code) = self.doc.str("/issuer/code")
            && clean_line(code) != issuer_code
        {
            out.push(Problem::error(
                "number-issuer-code",
                "/number",
                format!("ký hiệu cơ quan \"{issuer_code}\" trong số khác issuer.code \"{}\"", clean_line(code)),
            ));
        }
    }

    fn issuer_code(&self, out: &mut Vec<Problem>) {
        let Some(code) = self.doc.str("/issuer/code") else { return };
        let code = clean_line(code);
        // Letters; `-` joins the codes of a joint document's bodies (BTCTU-BNCTU).
        let shape_ok = code.split('-').all(|part| !part.is_empty() && part.chars().all(char::is_alphabetic));
        if !code.is_empty() && !shape_ok {
            out.push(Problem::error(
                "issuer-code-shape",
                "/issuer/code",
                format!("ký hiệu cơ quan \"{code}\" chỉ gồm chữ cái, không dấu cách hay ký tự khác (ví dụ TU, HU, ĐUK); văn bản liên tịch nối ký hiệu bằng \"-\" (BTCTU-BNCTU)"),
            ));
        }
    }

    /// T/M with a collective body; K/T with a PHÓ … title and never for a
    /// collective body; T/L signed by the office (the-thuc §5).
    fn authority(&self, out: &mut Vec<Problem>) {
        if self.kind.is_some_and(|k| k.signature_roles) {
            return; // a biên bản's blocks name roles, not authorities
        }
        let s = &self.profile.signature;
        let Some(authority) = self.doc.str("/signature/authority").map(fold).filter(|a| !a.is_empty()) else {
            return;
        };
        let position = self.doc.str("/signature/position").map(fold).unwrap_or_default();
        let path = "/signature/authority";
        if let Some(foreign) = s.foreign_prefixes.iter().find(|p| authority.starts_with(p.as_str())) {
            out.push(Problem::error(
                "authority-prefix",
                path,
                format!("\"{}\" là cách ghi của văn bản nhà nước; văn bản của Đảng ghi {}, {}, {} (gạch chéo, không dấu chấm)", foreign.trim(), s.on_behalf, s.deputy, s.by_order),
            ));
            return;
        }
        if authority.starts_with(&fold(&s.acting)) {
            return; // a deputy acting as head signs for the head's position
        }
        let collective = |body: &str| s.collective_bodies.iter().any(|c| body.starts_with(&fold(c)));
        let body_of = |prefix: &str| authority.strip_prefix(prefix).map(str::trim).map(str::to_string);
        if let Some(body) = body_of(&s.on_behalf) {
            if !collective(&body) {
                out.push(Problem::error(
                    "authority-collective",
                    path,
                    format!("{} chỉ dùng khi ký thay mặt một tập thể (ban chấp hành, ban thường vụ, đảng ủy, chi bộ …); \"{body}\" không phải tập thể lãnh đạo", s.on_behalf),
                ));
            }
        } else if let Some(body) = body_of(&s.deputy) {
            if collective(&body) {
                out.push(Problem::error(
                    "authority-deputy-collective",
                    path,
                    format!("tập thể lãnh đạo không dùng {}: cấp phó ký {} {body} / chức vụ của mình", s.deputy, s.on_behalf),
                ));
            } else if !position.starts_with(&fold(&s.deputy_position_prefix)) {
                out.push(Problem::error(
                    "authority-deputy",
                    "/signature/position",
                    format!("{} là cấp phó ký thay người đứng đầu: chức vụ phải bắt đầu bằng \"{}\"", s.deputy, s.deputy_position_prefix),
                ));
            }
        } else if body_of(&s.by_order).is_some() {
            if !s.office_positions.iter().any(|o| position == fold(o)) {
                out.push(Problem::error(
                    "authority-office",
                    "/signature/position",
                    format!("{} do văn phòng ký: chức vụ phải là {}", s.by_order, s.office_positions.join(" hoặc ")),
                ));
            }
        } else {
            out.push(Problem::warning(
                "authority-prefix-unknown",
                path,
                format!("quyền hạn ký thường bắt đầu bằng {}, {} hoặc {}", s.on_behalf, s.deputy, s.by_order),
            ));
        }
    }

    fn recipients(&self, out: &mut Vec<Problem>) {
        let r = &self.profile.recipients;
        let items = self.doc.strings("/recipients");
        if self.kind.is_some_and(|k| !k.slots.recipients) {
            if !items.is_empty() {
                out.push(Problem::warning(
                    "recipients-unexpected",
                    "/recipients",
                    format!("{} không có nơi nhận; danh sách này không được in", self.kind.map(|k| k.name.to_lowercase()).unwrap_or_default()),
                ));
            }
            return;
        }
        let bare: Vec<(usize, String)> = items
            .iter()
            .map(|(i, s)| (*i, clean_line(s).trim_start_matches('-').trim().to_string()))
            .filter(|(_, s)| !s.is_empty())
            .collect();
        if items.is_empty() {
            if self.doc.0.get("recipients").is_none_or(Value::is_array) {
                out.push(Problem::error("field-required", "/recipients", "cần nơi nhận, mục cuối là \"Lưu …\""));
            }
            return;
        }
        let Some((last_index, last)) = bare.last() else {
            out.push(Problem::error("recipients-empty", "/recipients", "các nơi nhận đều trống"));
            return;
        };
        let last_path = format!("/recipients/{last_index}");
        if !last.starts_with(&r.archive_word) {
            out.push(Problem::error(
                "recipients-archive",
                last_path,
                format!("nơi nhận cuối cùng phải là \"{} …\" (ví dụ \"{} VPTU\")", r.archive_word, r.archive_word),
            ));
        } else if last[r.archive_word.len()..].trim_start().starts_with(':') {
            out.push(Problem::warning(
                "recipients-archive-colon",
                last_path,
                format!("không có dấu hai chấm sau \"{}\" (the-thuc §5)", r.archive_word),
            ));
        }
        if self.kind.is_some_and(|k| k.recipients_start_with_as_above) {
            let (first_index, first) = &bare[0];
            if !first.starts_with(&r.as_above) {
                out.push(Problem::error(
                    "recipients-as-above",
                    format!("/recipients/{first_index}"),
                    format!("nơi nhận của loại văn bản này bắt đầu bằng \"{}\"", r.as_above),
                ));
            }
        }
    }

    fn subject(&self, out: &mut Vec<Problem>) {
        let Some(subject) = self.doc.str("/subject") else { return };
        // The tên loại is printed by the kind (a công văn has none): a trích
        // yếu that starts with it repeats it, or gives a công văn one.
        if let Some(kind) = self.kind
            && fold(subject).starts_with(&format!("{} ", fold(&kind.name)))
        {
            out.push(Problem::warning(
                "subject-kind-name",
                "/subject",
                format!("trích yếu không ghi tên loại \"{}\": bắt đầu bằng nội dung (\"về việc …\", \"về …\")", kind.name),
            ));
            return;
        }
        if clean_line(subject).chars().next().is_some_and(char::is_uppercase) {
            out.push(Problem::warning(
                "subject-lowercase",
                "/subject",
                "trích yếu bắt đầu bằng chữ thường (\"về …\", \"kết quả …\")",
            ));
        }
    }

    /// Heading depth per structure, and numbers typed by hand under automatic numbering.
    fn body(&self, out: &mut Vec<Problem>) {
        let markdown = match self.doc.0.get("body") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(blocks)) => blocks.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n\n"),
            _ => return,
        };
        let blocks = markdown::parse(&markdown);
        if blocks.is_empty() {
            out.push(Problem::error("body-empty", "/body", "nội dung văn bản trống"));
            return;
        }
        let Some(kind) = self.kind else { return };
        let max = match kind.structure {
            Structure::Sections => self.profile.numbering.sections.levels.len(),
            Structure::Articles => 3,
        };
        let auto = self.doc.str("/numbering") != Some("manual");
        for block in &blocks {
            let MdBlock::Heading { level, spans, line } = block else { continue };
            if usize::from(*level) > max {
                out.push(Problem::error(
                    "heading-too-deep",
                    "/body",
                    format!("dòng {line}: tiêu đề cấp {level} vượt quá {max} cấp mà loại văn bản này cho phép"),
                ));
            }
            let text: String = spans.iter().map(|s| s.text.as_str()).collect();
            if auto && looks_numbered(&text) {
                out.push(Problem::warning(
                    "numbering-typed",
                    "/body",
                    format!("dòng {line}: tiêu đề \"{text}\" đã có số; vanban tự đánh số (dùng \"numbering\": \"manual\" để giữ số gõ tay)"),
                ));
            }
        }
    }

    /// A document without number or full date should say it is a draft.
    fn draft(&self, out: &mut Vec<Problem>) {
        if self.doc.present("/marks/draft") && self.doc.0.pointer("/marks/draft") != Some(&Value::Bool(false)) {
            if self.doc.present("/number") {
                out.push(Problem::warning(
                    "draft-numbered",
                    "/number",
                    "dự thảo chưa có số: số văn bản được cấp khi ký ban hành (bỏ trường \"number\")",
                ));
            }
            return;
        }
        // An impossible date is an error already; only a missing or partial one counts here.
        let partial_date = match self.doc.str("/date") {
            None => true,
            Some(d) => matches!(DocDate::parse(d), Ok(DocDate::YearOnly(_) | DocDate::Blank)),
        };
        if !self.doc.present("/number") || partial_date {
            out.push(Problem::warning(
                "draft-unmarked",
                "/marks/draft",
                "văn bản chưa có số hoặc ngày đầy đủ nhưng không đánh dấu dự thảo",
            ));
        }
    }
}

impl Rules<'_> {
    /// Under T/M only some chức vụ are written; no body's name follows the
    /// chức vụ (`PHÓ BÍ THƯ`, not `PHÓ BÍ THƯ TỈNH ỦY`), except the joined
    /// position of a ban chỉ đạo without its own seal (the-thuc §5).
    fn position(&self, out: &mut Vec<Problem>) {
        if self.kind.is_some_and(|k| k.signature_roles) {
            return;
        }
        for block in ["/signature", "/co_signature"] {
            let given = |field: &str| self.doc.str(&format!("{block}/{field}")).is_some_and(|v| !clean_line(v).is_empty());
            if self.doc.0.pointer(block).is_some_and(Value::is_object) && !given("position") && !given("authority") {
                out.push(Problem::error("field-required", format!("{block}/position"), "cần chức vụ người ký"));
            }
        }
        let c = &self.profile.checks;
        let Some(position) = self.doc.str("/signature/position") else { return };
        let lines: Vec<String> = position.split('\n').map(fold).filter(|l| !l.is_empty()).collect();
        let Some(first) = lines.first() else { return };
        if lines.iter().any(|l| *l == fold(&c.concurrent_word)) {
            return;
        }
        let path = "/signature/position";
        let base = c.positions.iter().map(|p| fold(p)).filter(|p| first.starts_with(&format!("{p} "))).max_by_key(String::len);
        let named_body = base.as_ref().filter(|_| !allowed_full(first, &c.positions));
        if let Some(base) = named_body {
            out.push(Problem::warning(
                "position-body-name",
                path,
                format!("chức vụ ghi chức danh chính thức, không kèm tên cơ quan: \"{base}\", không \"{first}\""),
            ));
        }
        let on_behalf = self.doc.str("/signature/authority").map(fold).is_some_and(|a| a.starts_with(&fold(&self.profile.signature.on_behalf)));
        let position = named_body.unwrap_or(first);
        if on_behalf && !c.on_behalf_positions.iter().any(|p| fold(p) == *position) {
            out.push(Problem::warning(
                "position-on-behalf",
                path,
                format!("khi ký {} chỉ ghi chức vụ {}; \"{position}\" không thuộc các chức vụ đó", self.profile.signature.on_behalf, c.on_behalf_positions.join(", ").to_lowercase()),
            ));
        }
    }

    /// No học hàm, học vị or quân hàm before the signer's name.
    fn signer_name(&self, out: &mut Vec<Problem>) {
        let Some(name) = self.doc.str("/signature/name").map(clean_line) else { return };
        let lower = name.to_lowercase();
        let title = self.profile.checks.name_titles.iter().find(|t| {
            let t = t.to_lowercase();
            lower.starts_with(&t) && lower[t.len()..].starts_with([' ', '.']) || (t.ends_with('.') && lower.starts_with(&t))
        });
        if let Some(title) = title {
            out.push(Problem::warning(
                "signer-title",
                "/signature/name",
                format!("không ghi học hàm, học vị, quân hàm trước họ tên người ký (\"{}\")", title.trim_end_matches('.')),
            ));
        }
    }

    /// The body's last sentence ends with `.` (HD 05), and căn cứ lines end
    /// with `;`, the last with the profile's mark.
    fn closing_punctuation(&self, out: &mut Vec<Problem>) {
        let c = &self.profile.checks;
        let paragraphs = body_paragraphs(self.doc.0);
        if c.body_ends_with_period
            && let Some(last) = paragraphs.iter().rev().find(|p| !p.starts_with('|') && !p.starts_with('#'))
            && (!last.ends_with('.') || last.ends_with("./."))
        {
            out.push(Problem::warning("body-end-period", "/body", "kết thúc nội dung văn bản có dấu chấm (.), không \"./.\""));
        }
        // The căn cứ: the `- Căn cứ …` / `- Xét …` lines that open the body.
        let basis: Vec<&String> = paragraphs
            .iter()
            .take_while(|p| p.strip_prefix("- ").is_some_and(|bare| c.basis_words.iter().any(|w| bare.starts_with(w.as_str()))))
            .collect();
        for (i, line) in basis.iter().enumerate() {
            let end = if i + 1 == basis.len() { &c.basis_last_end } else { &c.basis_end };
            if !line.ends_with(end.as_str()) {
                out.push(Problem::warning(
                    "basis-punctuation",
                    "/body",
                    format!("căn cứ \"{}\" kết thúc bằng \"{end}\"", ellipsis(line, 60)),
                ));
            }
        }
    }

    /// HD 05: a one-syllable địa danh carries its level (`Thành phố Huế`).
    fn place(&self, out: &mut Vec<Problem>) {
        let Some(place) = self.doc.str("/place").map(clean_line) else { return };
        if self.profile.checks.place_needs_level && !place.is_empty() && !place.contains(' ') {
            out.push(Problem::warning(
                "place-level",
                "/place",
                format!("địa danh một âm tiết ghi thêm cấp hành chính trước tên (ví dụ \"Thành phố {place}\", \"Xã {place}\")"),
            ));
        }
    }

    /// Thẩm quyền: types some issuers may not issue (QĐ 399).
    fn issuer_may_issue(&self, out: &mut Vec<Problem>) {
        let (Some(kind), Some(name)) = (self.doc.str("/kind"), self.doc.str("/issuer/name")) else { return };
        let name = fold(name);
        for limit in &self.profile.checks.issuer_limits {
            if limit.kinds.iter().any(|k| k == kind) && limit.issuers.iter().any(|i| name.starts_with(&fold(i))) {
                let kind_name = self.kind.map(|k| k.name.to_lowercase()).unwrap_or_else(|| kind.to_string());
                out.push(Problem::warning(
                    "kind-authority",
                    "/kind",
                    format!("{} không ban hành {kind_name} (Quy định 399-QĐ/TW)", limit.who),
                ));
            }
        }
    }
}

impl Rules<'_> {
    /// A5 is for the kinds that allow it (giấy mời, giấy giới thiệu).
    fn paper(&self, out: &mut Vec<Problem>) {
        let (Some(kind), Some(paper)) = (self.kind, self.doc.str("/paper").filter(|p| *p != "a4")) else { return };
        if !kind.papers.iter().any(|p| p == paper) {
            out.push(Problem::error(
                "paper-kind",
                "/paper",
                format!("{} trình bày trên khổ A4; khổ \"{paper}\" chỉ dành cho giấy mời, giấy giới thiệu", kind.name.to_lowercase()),
            ));
        }
    }

    /// A kind whose enacting line names a body (`… QUYẾT ĐỊNH`) needs one: given,
    /// or read from a T/M or T/L signature.
    fn enacting(&self, out: &mut Vec<Problem>) {
        let Some(kind) = self.kind else { return };
        if !kind.slots.enacting.as_deref().is_some_and(|f| f.contains("{body}")) {
            return;
        }
        let given = self.doc.str("/enacting_body");
        let authority = self.doc.str("/signature/authority");
        let issuer = self.doc.str("/issuer/name").unwrap_or_default();
        if crate::model::build::enacting_body(given, authority, issuer, self.profile).is_none() {
            out.push(Problem::error("enacting-body-missing", "/enacting_body", crate::model::build::enacting_body_message(&kind.name)));
        }
    }
}

/// True when the whole line is itself an official position (`PHÓ TRƯỞNG BAN`
/// starts with `PHÓ` … but is listed whole).
fn allowed_full(line: &str, positions: &[String]) -> bool {
    positions.iter().any(|p| fold(p) == line)
}

/// The first `max` characters of `s`, with `…` when cut.
fn ellipsis(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_string() } else { format!("{}…", s.chars().take(max).collect::<String>()) }
}

/// The body's paragraphs as typed, trimmed, blank ones dropped.
fn body_paragraphs(value: &Value) -> Vec<String> {
    let text = match value.get("body") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(blocks)) => blocks.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("\n\n"),
        _ => return Vec::new(),
    };
    text.split('\n').map(clean_line).filter(|l| !l.is_empty()).collect()
}

/// `I- …`, `2.1. …`, `Điều 3. …`, `Chương II …`, `a) …`.
fn looks_numbered(text: &str) -> bool {
    let mut words = text.split_whitespace();
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default().trim_end_matches(['.', ':']);
    let roman = first.strip_suffix('-').is_some_and(|r| !r.is_empty() && r.chars().all(|c| "IVXLC".contains(c)));
    let dotted = first.ends_with('.') && first.trim_end_matches('.').split('.').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let letter = first.len() <= 3 && first.ends_with(')') && first.chars().next().is_some_and(char::is_alphabetic);
    let numeral = !second.is_empty() && second.chars().all(|c| c.is_ascii_digit() || "IVXLC".contains(c));
    let word = ["Điều", "Chương", "Mục"].contains(&first) && numeral;
    roman || dotted || letter || word
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({
            "kind": "bao-cao",
            "issuer": { "parent": "Đảng bộ tỉnh Đồng Nai", "name": "Ban Thường vụ", "code": "TU" },
            "number": 25,
            "place": "Đồng Nai",
            "date": "2024-02-05",
            "subject": "kết quả thực hiện Quy chế làm việc",
            "body": ["# Đặc điểm", "Nội dung."],
            "signature": { "authority": "T/M Ban Thường vụ", "position": "Phó Bí thư", "name": "Hồ Thanh Sơn" },
            "recipients": ["Các đ/c TVTU", "Lưu VPTU"]
        })
    }

    /// (code, path) of every problem after `change` is applied to the base.
    fn problems(change: impl FnOnce(&mut Value)) -> Vec<(String, String)> {
        let mut v = base();
        change(&mut v);
        check(&v, Profiles::builtin(), None).into_iter().map(|p| (p.code, p.path)).collect()
    }

    fn one(code: &str, path: &str) -> Vec<(String, String)> {
        vec![(code.to_string(), path.to_string())]
    }

    #[test]
    fn a_clean_document_has_no_problem() {
        assert_eq!(problems(|_| {}), []);
    }

    #[test]
    fn unknown_kind_and_profile() {
        assert_eq!(problems(|v| v["kind"] = json!("nghi-dinh")), one("kind-unknown", "/kind"));
        assert_eq!(problems(|v| v["profile"] = json!("khac")), one("profile-unknown", "/profile"));
    }

    #[test]
    fn required_fields_per_kind() {
        assert_eq!(problems(|v| v["kind"] = json!("thong-bao-ket-luan")), one("field-required", "/concluded_by"));
        let mut got = problems(|v| v["kind"] = json!("to-trinh"));
        got.sort();
        assert_eq!(got, [("field-required".into(), "/addressees".into()), ("recipients-as-above".into(), "/recipients/0".into())]);
    }

    #[test]
    fn dates_must_exist() {
        assert_eq!(problems(|v| v["date"] = json!("30/02/2024")), one("date-invalid", "/date"));
    }

    #[test]
    fn number_shape_type_code_and_issuer_code() {
        assert_eq!(problems(|v| v["number"] = json!("25-BC/TU")), []);
        assert_eq!(problems(|v| v["number"] = json!("25")), []);
        assert_eq!(problems(|v| v["number"] = json!("25/TU")), one("number-shape", "/number"));
        assert_eq!(problems(|v| v["number"] = json!("số 25")), one("number-shape", "/number"));
        assert_eq!(problems(|v| v["number"] = json!("25-TB/TU")), one("number-type-code", "/number"));
        assert_eq!(problems(|v| v["number"] = json!("25-BC/HU")), one("number-issuer-code", "/number"));
    }

    #[test]
    fn a_subject_does_not_repeat_the_ten_loai() {
        assert_eq!(problems(|v| v["subject"] = json!("Báo cáo kết quả thực hiện")), one("subject-kind-name", "/subject"));
        let cong_van = |v: &mut Value| {
            v["kind"] = json!("cong-van");
            v["addressees"] = json!(["Ban Thường vụ Tỉnh ủy"]);
            v["recipients"] = json!(["Như trên", "Lưu VPTU"]);
            v["subject"] = json!("Công văn về việc góp ý dự thảo");
        };
        assert_eq!(problems(cong_van), one("subject-kind-name", "/subject"), "a công văn given a tên loại");
    }

    #[test]
    fn issuer_code_is_letters_only() {
        assert_eq!(problems(|v| v["issuer"]["code"] = json!("ĐUK")), []);
        assert_eq!(problems(|v| v["issuer"]["code"] = json!("T U")), one("issuer-code-shape", "/issuer/code"));
        assert_eq!(problems(|v| v["issuer"]["code"] = json!("TU-1")), one("issuer-code-shape", "/issuer/code"));
        assert_eq!(problems(|v| v["issuer"]["code"] = json!("TU-")), one("issuer-code-shape", "/issuer/code"));
        assert_eq!(problems(|v| v["issuer"]["code"] = json!("BTCTU-BNCTU")), [], "a joint document's codes");
    }

    #[test]
    fn t_m_goes_with_a_collective_body() {
        assert_eq!(problems(|v| v["signature"]["authority"] = json!("T/M Đảng uỷ")), [], "old orthography uỷ");
        assert_eq!(
            problems(|v| v["signature"]["authority"] = json!("T/M Trưởng ban")),
            one("authority-collective", "/signature/authority")
        );
    }

    #[test]
    fn k_t_needs_a_deputy_and_never_a_collective_body() {
        let kt = |auth: &'static str, pos: &'static str| {
            problems(move |v| {
                v["signature"]["authority"] = json!(auth);
                v["signature"]["position"] = json!(pos);
            })
        };
        assert_eq!(kt("K/T Trưởng ban", "Phó Trưởng ban"), []);
        assert_eq!(kt("K/T Trưởng ban", "Ủy viên"), one("authority-deputy", "/signature/position"));
        assert_eq!(kt("K/T Ban Thường vụ", "Phó Bí thư"), one("authority-deputy-collective", "/signature/authority"));
    }

    #[test]
    fn t_l_is_signed_by_the_office() {
        let tl = |pos: &'static str| {
            problems(move |v| {
                v["signature"]["authority"] = json!("T/L Ban Thường vụ");
                v["signature"]["position"] = json!(pos);
            })
        };
        assert_eq!(tl("Chánh Văn phòng"), []);
        assert_eq!(tl("Phó Chánh Văn phòng"), []);
        assert_eq!(tl("Phó Bí thư"), one("authority-office", "/signature/position"));
    }

    #[test]
    fn state_style_prefixes_are_refused_and_odd_ones_warned() {
        assert_eq!(problems(|v| v["signature"]["authority"] = json!("TM. Ban Thường vụ")), one("authority-prefix", "/signature/authority"));
        assert_eq!(problems(|v| v["signature"]["authority"] = json!("Thay mặt")), one("authority-prefix-unknown", "/signature/authority"));
        assert_eq!(problems(|v| v["signature"].as_object_mut().unwrap().remove("authority").map(|_| ()).unwrap()), []);
    }

    #[test]
    fn recipients_end_with_luu_and_to_trinh_starts_with_nhu_tren() {
        assert_eq!(problems(|v| v["recipients"] = json!(["Các đ/c TVTU", "VPTU"])), one("recipients-archive", "/recipients/1"));
        assert_eq!(problems(|v| v["recipients"] = json!(["Các đ/c TVTU", "- Lưu: VPTU."])), one("recipients-archive-colon", "/recipients/1"));
        assert_eq!(problems(|v| v["recipients"] = json!(["", " - "])), one("recipients-empty", "/recipients"));
        let tt = problems(|v| {
            v["kind"] = json!("to-trinh");
            v["addressees"] = json!(["Ban Chấp hành"]);
            v["recipients"] = json!(["Như trên", "Lưu VP"]);
        });
        assert_eq!(tt, []);
    }

    #[test]
    fn subject_starts_lower_case() {
        assert_eq!(problems(|v| v["subject"] = json!("Kết quả")), one("subject-lowercase", "/subject"));
    }

    #[test]
    fn heading_depth_and_typed_numbers() {
        assert_eq!(problems(|v| v["body"] = json!("# a\n\n###### b")), one("heading-too-deep", "/body"));
        let mut q = base();
        q["kind"] = json!("quy-che");
        q["body"] = json!("# Chương I\n\n#### quá sâu");
        let got: Vec<String> = check(&q, Profiles::builtin(), None).into_iter().map(|p| p.code).collect();
        assert_eq!(got, ["numbering-typed", "heading-too-deep"], "in line order");
        assert_eq!(problems(|v| v["body"] = json!("# I- ĐẶC ĐIỂM\n\n## 1.2. Kết quả\n\nx")).len(), 2);
        assert_eq!(problems(|v| { v["body"] = json!("# I- ĐẶC ĐIỂM"); v["numbering"] = json!("manual"); }), []);
        assert_eq!(problems(|v| v["body"] = json!("")), one("body-empty", "/body"));
        assert_eq!(problems(|v| v["body"] = json!("# Chương trình công tác\n\n## Điều khoản thi hành\n\nx")), []);
        assert_eq!(problems(|v| v["body"] = json!("# Chương II. Tổ chức\n\nx")).len(), 1);
    }

    #[test]
    fn a_draft_should_say_so() {
        assert_eq!(problems(|v| { v.as_object_mut().unwrap().remove("number"); }), one("draft-unmarked", "/marks/draft"));
        assert_eq!(problems(|v| v["date"] = json!("2024")), one("draft-unmarked", "/marks/draft"));
        assert_eq!(problems(|v| { v["date"] = json!("2024"); v["marks"] = json!({"draft": 1}); v.as_object_mut().unwrap().remove("number"); }), []);
    }

    #[test]
    fn schema_and_rule_problems_come_together() {
        let got = problems(|v| {
            v["place"] = json!(5);
            v["date"] = json!("31/04/2024");
            v["recipients"] = json!(["Các đ/c TVTU"]);
        });
        assert_eq!(got.len(), 3, "{got:?}");
        assert!(got.contains(&("type-mismatch".into(), "/place".into())));
        assert!(got.contains(&("date-invalid".into(), "/date".into())));
        assert!(got.contains(&("recipients-archive".into(), "/recipients/0".into())));
    }

    /// The base moved to a date under HD 05.
    fn hd05(change: impl FnOnce(&mut Value)) -> Vec<(String, String)> {
        problems(|v| {
            v["date"] = json!("2026-06-15");
            change(v)
        })
    }

    #[test]
    fn a_clean_hd05_document_has_no_problem() {
        assert_eq!(hd05(|_| {}), []);
    }

    #[test]
    fn a_named_profile_out_of_its_dates_is_a_warning() {
        assert_eq!(hd05(|v| v["profile"] = json!("dang-hd36")), one("profile-not-in-force", "/profile"));
        assert_eq!(problems(|v| v["profile"] = json!("dang-hd05")), one("profile-not-in-force", "/profile"));
        assert_eq!(problems(|v| v["profile"] = json!("dang-hd36")), []);
    }

    #[test]
    fn under_t_m_only_some_positions_are_written() {
        let got = hd05(|v| v["signature"]["position"] = json!("Ủy viên Ban Thường vụ"));
        assert!(got.contains(&("position-on-behalf".into(), "/signature/position".into())), "{got:?}");
        assert_eq!(hd05(|v| v["signature"]["position"] = json!("Chủ tịch")), []);
    }

    #[test]
    fn no_body_name_after_the_position() {
        assert_eq!(hd05(|v| v["signature"]["position"] = json!("Phó Bí thư Tỉnh ủy")), one("position-body-name", "/signature/position"));
        let got = hd05(|v| {
            v["signature"] = json!({ "position": "Trưởng Ban Tổ chức", "name": "Lê Văn A" });
        });
        assert_eq!(got, one("position-body-name", "/signature/position"));
        // A ban chỉ đạo without its own seal: BÍ THƯ / kiêm / TRƯỞNG BAN CHỈ ĐẠO.
        let got = hd05(|v| v["signature"] = json!({ "position": "Bí thư\nkiêm\nTrưởng Ban Chỉ đạo", "name": "Lê Văn A" }));
        assert_eq!(got, []);
        assert_eq!(hd05(|v| v["signature"] = json!({ "position": "Phó Trưởng Ban", "name": "Lê Văn A", "authority": "K/T Trưởng Ban" })), []);
    }

    #[test]
    fn no_academic_or_military_title_before_the_name() {
        for name in ["TS. Hồ Thanh Sơn", "PGS.TS. Hồ Thanh Sơn", "Thượng tá Hồ Thanh Sơn"] {
            assert_eq!(hd05(|v| v["signature"]["name"] = json!(name)), one("signer-title", "/signature/name"), "{name}");
        }
        assert_eq!(hd05(|v| v["signature"]["name"] = json!("Tạ Sơn")), [], "a name that starts like a title");
    }

    #[test]
    fn q_is_an_accepted_authority() {
        let got = hd05(|v| v["signature"] = json!({ "authority": "Q. Trưởng Ban", "position": "Phó Trưởng Ban", "name": "Lê Văn A" }));
        assert!(!got.iter().any(|(c, _)| c.starts_with("authority")), "{got:?}");
    }

    #[test]
    fn k_t_for_a_collective_body_is_an_error() {
        let got = hd05(|v| v["signature"]["authority"] = json!("K/T Ban Thường vụ"));
        assert!(got.contains(&("authority-deputy-collective".into(), "/signature/authority".into())), "{got:?}");
    }

    #[test]
    fn hd05_bodies_and_the_last_basis_end_with_a_period() {
        assert_eq!(hd05(|v| v["body"] = json!(["# Đặc điểm", "Nội dung"])), one("body-end-period", "/body"));
        assert_eq!(hd05(|v| v["body"] = json!(["# Đặc điểm", "Nội dung./."])), one("body-end-period", "/body"));
        assert_eq!(problems(|v| v["body"] = json!(["# Đặc điểm", "Nội dung./."])), [], "HD 36 practice");
        let basis = |last: &str| json!([format!("- Căn cứ Điều lệ Đảng;\n- Căn cứ Quy định số 24-QĐ/TW{last}"), "# Đặc điểm", "Nội dung."]);
        assert_eq!(hd05(|v| v["body"] = basis(".")), []);
        assert_eq!(hd05(|v| v["body"] = basis(";")), one("basis-punctuation", "/body"));
        assert_eq!(problems(|v| v["body"] = basis(",")), [], "HD 36: the last căn cứ ends with a comma");
    }

    #[test]
    fn a_one_syllable_place_needs_its_level() {
        assert_eq!(hd05(|v| v["place"] = json!("Huế")), one("place-level", "/place"));
        assert_eq!(hd05(|v| v["place"] = json!("Thành phố Huế")), []);
        assert_eq!(problems(|v| v["place"] = json!("Huế")), [], "HD 36 has no such rule");
    }

    #[test]
    fn a_chi_bo_issues_no_huong_dan() {
        let got = hd05(|v| {
            v["kind"] = json!("huong-dan");
            v["issuer"] = json!({ "parent": "Đảng bộ xã Phước Thiền", "name": "Chi bộ ấp 1", "code": "CB" });
            v["signature"] = json!({ "authority": "T/M Chi bộ", "position": "Bí thư", "name": "Lê Văn A" });
        });
        assert_eq!(got, one("kind-authority", "/kind"));
    }

    #[test]
    fn a_numbered_draft_is_a_warning() {
        assert_eq!(hd05(|v| v["marks"] = json!({ "draft": 2 })), one("draft-numbered", "/number"));
    }
}
