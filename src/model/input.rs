//! The document description a caller sends (JSON). Field docs become the
//! Vietnamese titles of the published JSON Schema.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Mô tả đầy đủ một văn bản của Đảng để vanban dựng thành DOCX và PDF.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Văn bản")]
pub struct DocumentInput {
    /// Loại văn bản theo hồ sơ thể thức (`GET /v1/kinds`, `vanban kinds`): `bao-cao`, `cong-van`, `quyet-dinh`, `nghi-quyet`, `ke-hoach`, `quy-che`, `to-trinh` …
    #[schemars(length(min = 1))]
    #[schemars(title = "Loại văn bản")]
    pub kind: String,
    /// Hồ sơ thể thức: `dang-hd05` (Hướng dẫn 05-HD/VPTW) hoặc `dang-hd36`; bỏ trống thì chọn theo ngày văn bản (từ 27/5/2026: `dang-hd05`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Hồ sơ thể thức")]
    pub profile: Option<String>,
    /// Cơ quan ban hành và cơ quan cấp trên.
    #[schemars(title = "Cơ quan ban hành")]
    pub issuer: Issuer,
    /// Số văn bản: `25`, hoặc kèm ký hiệu `"25-BC/TU"` (được đối chiếu với loại và cơ quan); bỏ trống với dự thảo chưa vào sổ. Số dưới 10 in hai chữ số.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Số văn bản")]
    pub number: Option<DocNumber>,
    /// Địa danh, ví dụ `Đồng Nai`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Địa danh")]
    pub place: String,
    /// Ngày ban hành: `2024-02-05`, `05/02/2024`, hoặc chỉ năm `2024` cho dự thảo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Ngày ban hành")]
    pub date: Option<String>,
    /// Khổ giấy: `a4` (mặc định) hoặc `a5` (giấy mời, giấy giới thiệu).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Khổ giấy")]
    pub paper: Option<Paper>,
    /// Các dấu: dự thảo, mật, khẩn, phạm vi lưu hành.
    #[serde(default)]
    #[schemars(title = "Các dấu trên trang đầu")]
    pub marks: Marks,
    /// Trích yếu nội dung, viết thường chữ đầu (`về …`, `kết quả …`); giấy mời, giấy giới thiệu có thể không có.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(length(min = 1))]
    #[schemars(title = "Trích yếu")]
    pub subject: Option<String>,
    /// Chủ thể kết luận: in thành dòng `KẾT LUẬN CỦA …` (thông báo kết luận) hoặc `CỦA …` dưới tên loại (kết luận).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Chủ thể kết luận")]
    pub concluded_by: Option<String>,
    /// Dòng ban hành kèm theo, ví dụ `Ban hành kèm theo Quyết định số 15-QĐ/TU, ngày 05/3/2024 của Ban Thường vụ Tỉnh ủy` (in nghiêng, trong ngoặc đơn).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Ban hành kèm theo")]
    pub issued_with: Option<String>,
    /// Căn cứ ban hành (quyết định, nghị quyết, quy chế …), mỗi căn cứ một mục: `Căn cứ Điều lệ Đảng`, `Xét đề nghị của Ban Tổ chức`; vanban thêm `- ` và dấu câu theo hồ sơ thể thức.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(title = "Căn cứ ban hành")]
    pub basis: Vec<String>,
    /// Đoạn mở đầu sau căn cứ, trước dòng `QUYẾT NGHỊ:` của nghị quyết hay `… QUYẾT ĐỊNH` của quyết định (Markdown), ví dụ `Ngày 15/01/2026, Ban Chấp hành Đảng bộ xã họp …`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Đoạn mở đầu")]
    pub preamble: Option<String>,
    /// Tập thể quyết định trong dòng `… QUYẾT ĐỊNH` của quyết định, ví dụ `Ban Thường vụ Đảng ủy`; bỏ trống thì lấy từ quyền hạn ký `T/M …` và tên cơ quan ban hành.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Tập thể quyết định")]
    pub enacting_body: Option<String>,
    /// Kính gửi (tờ trình, công văn): mỗi nơi một mục.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(title = "Kính gửi")]
    pub addressees: Vec<String>,
    /// Nội dung bằng Markdown rút gọn: tiêu đề `#`…`#####`, đoạn văn, **đậm**, *nghiêng*, dòng `-`/`+`, danh sách `1.`, bảng GFM. Một chuỗi hoặc một mảng khối (nối bằng dòng trống).
    #[schemars(title = "Nội dung")]
    pub body: Body,
    /// `auto` (mặc định): vanban tự đánh số đề mục, điều, khoản, điểm; `manual`: giữ số đã gõ.
    #[serde(default)]
    #[schemars(title = "Đánh số đề mục")]
    pub numbering: NumberingMode,
    /// Chữ ký: quyền hạn, chức vụ, họ tên (bên phải: cơ quan chủ trì, người chủ trì hội nghị).
    #[schemars(title = "Chữ ký")]
    pub signature: Signature,
    /// Chữ ký thứ hai, bên trái: người ghi biên bản; cơ quan phối hợp của văn bản liên tịch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Chữ ký thứ hai")]
    pub co_signature: Option<Signature>,
    /// Khối xác nhận chữ ký dưới chữ ký chính: `Xác nhận chữ ký của đồng chí …`, rồi quyền hạn (`T/L BAN THƯỜNG VỤ`), chức vụ (`CHÁNH VĂN PHÒNG`), họ tên người xác nhận.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Xác nhận chữ ký")]
    pub confirmation: Option<Signature>,
    /// Biên bản: thời gian, địa điểm, thành phần, chủ trì, thư ký và giờ kết thúc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Biên bản")]
    pub minutes: Option<Minutes>,
    /// Phụ lục kèm theo văn bản, mỗi phụ lục trên các trang riêng, tự đánh số trang.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(title = "Phụ lục")]
    pub annexes: Vec<AnnexInput>,
    /// Nơi nhận, mỗi nơi một mục, mục cuối là `Lưu …`; vanban thêm `- ` và dấu câu. Biên bản không có nơi nhận.
    #[serde(default)]
    #[schemars(title = "Nơi nhận")]
    pub recipients: Vec<String>,
    /// Nhóm nơi nhận thứ hai có nhãn riêng, ví dụ `Đồng kính gửi:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Nhóm nơi nhận thứ hai")]
    pub extra_recipients: Option<RecipientGroup>,
    /// Thông tin liên hệ (địa chỉ, điện thoại, thư điện tử, trang thông tin), in cỡ 10 dưới một đường kẻ ở cuối văn bản; xuống dòng bằng `\n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Thông tin liên hệ")]
    pub contact: Option<String>,
    /// Ký hiệu người đánh máy và số lượng bản phát hành, ví dụ `N2-M3/BC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Ký hiệu người đánh máy, số bản")]
    pub typist_mark: Option<String>,
}

/// Cơ quan ban hành.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Cơ quan cấp trên trực tiếp, ví dụ `Đảng bộ tỉnh Đồng Nai` (in hoa).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Cấp ủy cấp trên")]
    pub parent: Option<String>,
    /// Cơ quan ban hành, ví dụ `Ban Thường vụ` (in hoa, đậm); xuống dòng bằng `\n`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Tên cơ quan ban hành")]
    pub name: String,
    /// Ký hiệu cơ quan ban hành sau dấu `/`, ví dụ `TU`, `HU`, `ĐU`, `ĐUK`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Ký hiệu cơ quan")]
    pub code: String,
}

/// Các dấu trên trang đầu.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Marks {
    /// `true` in `DỰ THẢO`; một số n in `Dự thảo lần n`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Dự thảo")]
    pub draft: Option<Draft>,
    /// Mức độ mật.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Độ mật")]
    pub secrecy: Option<Secrecy>,
    /// Mức độ khẩn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Độ khẩn")]
    pub urgency: Option<Urgency>,
    /// Phạm vi lưu hành, ví dụ `Tài liệu hội nghị`, `Lưu hành nội bộ`, `Xem xong trả lại` (in hoa).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Phạm vi lưu hành")]
    pub circulation: Option<String>,
    /// `true`: in dòng `Không phổ biến trên phương tiện thông tin đại chúng` ở trang cuối.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[schemars(title = "Không phổ biến trên phương tiện thông tin đại chúng")]
    pub not_public: bool,
}

/// Số văn bản.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DocNumber {
    Plain(#[schemars(range(min = 1, max = 99999))] u32),
    /// `25` hoặc `25-BC/TU`.
    Text(#[schemars(length(min = 1))] String),
}

impl DocNumber {
    /// The serial part, as printed (two digits at least).
    pub fn serial(&self) -> String {
        let n = match self {
            DocNumber::Plain(n) => n.to_string(),
            DocNumber::Text(s) => s.trim().split('-').next().unwrap_or_default().to_string(),
        };
        match n.parse::<u32>() {
            Ok(v) => format!("{v:02}"),
            Err(_) => n,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    A4,
    A5,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Draft {
    /// `true`: DỰ THẢO.
    Flag(bool),
    /// Lần dự thảo.
    Round(#[schemars(range(min = 1, max = 99))] u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Secrecy {
    Mat,
    ToiMat,
    TuyetMat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    Khan,
    ThuongKhan,
    HoaToc,
}

impl Secrecy {
    pub fn key(self) -> &'static str {
        match self {
            Secrecy::Mat => "mat",
            Secrecy::ToiMat => "toi-mat",
            Secrecy::TuyetMat => "tuyet-mat",
        }
    }
}

impl Urgency {
    pub fn key(self) -> &'static str {
        match self {
            Urgency::Khan => "khan",
            Urgency::ThuongKhan => "thuong-khan",
            Urgency::HoaToc => "hoa-toc",
        }
    }
}

/// Nội dung: một chuỗi Markdown, hoặc mảng khối nối với nhau bằng một dòng trống.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Body {
    Text(String),
    Blocks(Vec<String>),
}

impl Body {
    pub fn markdown(&self) -> String {
        match self {
            Body::Text(s) => s.clone(),
            Body::Blocks(blocks) => blocks.join("\n\n"),
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NumberingMode {
    #[default]
    Auto,
    Manual,
}

/// Thể thức chữ ký.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Quyền hạn ký: `T/M BAN THƯỜNG VỤ`, `K/T TRƯỞNG BAN`, `T/L BAN THƯỜNG VỤ`; bỏ trống khi người đứng đầu ký.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Quyền hạn ký")]
    pub authority: Option<String>,
    /// Chức vụ người ký: `BÍ THƯ`, `PHÓ BÍ THƯ`, `CHÁNH VĂN PHÒNG`; xuống dòng bằng `\n` (`BÍ THƯ\nkiêm\nTRƯỞNG BAN CHỈ ĐẠO`). Biên bản: bỏ trống, vai trò ghi ở quyền hạn (`THƯ KÝ HỘI NGHỊ`).
    #[serde(default)]
    #[schemars(title = "Chức vụ người ký")]
    pub position: String,
    /// Họ tên người ký (không ghi học hàm, học vị).
    #[schemars(length(min = 1))]
    #[schemars(title = "Họ tên người ký")]
    pub name: String,
}

/// Một phụ lục.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnexInput {
    /// Tên phụ lục, ví dụ `Danh sách các chi bộ được kiểm tra năm 2026`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Tên phụ lục")]
    pub title: String,
    /// Nội dung bằng Markdown như nội dung văn bản (đề mục, đoạn văn, bảng).
    #[schemars(title = "Nội dung phụ lục")]
    pub body: Body,
    /// `true`: trình bày khổ ngang (bảng nhiều cột).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[schemars(title = "Khổ ngang")]
    pub landscape: bool,
    /// Dòng `Kèm theo …` viết sẵn, thay cho dòng vanban ghép từ tên loại, số, ngày và cơ quan ban hành.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(title = "Dòng “Kèm theo …” viết sẵn")]
    pub reference: Option<String>,
}

/// Phần mở đầu và kết thúc của biên bản.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Minutes {
    /// Thời gian bắt đầu, ví dụ `08 giờ 00 phút, ngày 25/7/2026`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Thời gian bắt đầu")]
    pub time: String,
    /// Địa điểm, ví dụ `Hội trường Đảng ủy xã Phước Thiền`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Địa điểm")]
    pub place: String,
    /// Thành phần dự.
    #[schemars(length(min = 1))]
    #[schemars(title = "Thành phần")]
    pub attendees: String,
    /// Người chủ trì, ví dụ `đồng chí Phạm Minh Hoàng, Bí thư Đảng ủy`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Chủ trì")]
    pub chair: String,
    /// Thư ký, người ghi biên bản.
    #[schemars(length(min = 1))]
    #[schemars(title = "Thư ký")]
    pub secretary: String,
    /// Giờ kết thúc, ví dụ `11 giờ 30 phút cùng ngày`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Kết thúc lúc")]
    pub closed_at: String,
}

/// Một nhóm nơi nhận có nhãn riêng.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecipientGroup {
    /// Nhãn, ví dụ `Đồng kính gửi:`.
    #[schemars(length(min = 1))]
    #[schemars(title = "Tên nhóm")]
    pub label: String,
    /// Các nơi nhận của nhóm.
    #[schemars(length(min = 1))]
    #[schemars(title = "Các nơi nhận")]
    pub items: Vec<String>,
}
