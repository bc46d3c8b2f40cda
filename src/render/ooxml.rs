//! One canonical pass over the XML parts of a DOCX package before it is packed,
//! so that every part is valid against the ECMA-376 schema (checked with
//! openxml-audit, Office 2019 profile) whatever order the writer put things in.
//!
//! The pass streams each part through quick-xml once and:
//! - puts the children of every properties element (`w:rPr`, `w:pPr`, `w:tblPr`,
//!   `w:sectPr`, borders, margins, `w:style`, `w:settings`, `w:lvl` …) in the
//!   schema's sequence order, from the table [`ORDERS`];
//! - drops attributes in the `w` namespace that the schema does not declare
//!   ([`UNDECLARED`]) and children it does not allow where they stand
//!   ([`NOT_ALLOWED`]);
//! - turns the table header marker row height into `w:tblHeader`;
//! - makes the hyphen of a document number (`69-QĐ/TW`) a `w:noBreakHyphen`;
//! - declares the language (`w:lang` in the default run properties,
//!   `w:themeFontLang` in the settings);
//! - adds a minimal theme part when the package has none (the schema check
//!   requires the document's theme relationship);
//! - starts every part with an XML declaration.
//!
//! Reordering works in place on the output buffer: each sorted element records
//! the byte range of each direct child with its rank, and only when the ranks
//! are out of order is the range rewritten. Same input, same bytes.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};

/// The WordprocessingML main namespace.
pub const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const CT_NS: &str = "http://schemas.openxmlformats.org/package/2006/content-types";
const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
/// Word 2010 and 2012 extensions, named `w14:` and `w15:` in [`ORDERS`].
const EXTENSIONS: [(&str, &str); 2] = [
    ("w14", "http://schemas.microsoft.com/office/word/2010/wordml"),
    ("w15", "http://schemas.microsoft.com/office/word/2012/wordml"),
];

/// Children of an element in schema order: each group is one step of the
/// sequence; the names of a group are a choice and keep their relative order.
type Order = &'static [&'static [&'static str]];

/// The sequence order of the children of the WordprocessingML elements vanban
/// writes (ECMA-376 Part 1, wml.xsd, as in the Open XML SDK's schema data).
/// Where one name has several types (`w:rPr` is CT_RPr in a run, CT_ParaRPr in
/// a paragraph mark, CT_RPr in `w:rPrDefault`), the order is their union.
/// Children not named keep their place after the child before them. Names
/// with a `w14:`/`w15:` prefix are in those extension namespaces.
pub static ORDERS: &[(&str, Order)] = &[
    // EG_RPrBase, with the paragraph mark's ins/del/moveFrom/moveTo (CT_ParaRPr).
    ("rPr", &[
        &["ins"], &["del"], &["moveFrom"], &["moveTo"], &["rStyle"], &["rFonts"], &["b"], &["bCs"], &["i"], &["iCs"],
        &["caps"], &["smallCaps"], &["strike"], &["dstrike"], &["outline"], &["shadow"], &["emboss"], &["imprint"],
        &["noProof"], &["snapToGrid"], &["vanish"], &["webHidden"], &["color"], &["spacing"], &["w"], &["kern"],
        &["position"], &["sz"], &["szCs"], &["highlight"], &["u"], &["effect"], &["bdr"], &["shd"], &["fitText"],
        &["vertAlign"], &["rtl"], &["cs"], &["em"], &["lang"], &["eastAsianLayout"], &["specVanish"], &["oMath"],
        &["rPrChange"],
    ]),
    // CT_PPrBase, then rPr, sectPr, pPrChange (CT_PPr).
    ("pPr", &[
        &["pStyle"], &["keepNext"], &["keepLines"], &["pageBreakBefore"], &["framePr"], &["widowControl"], &["numPr"],
        &["suppressLineNumbers"], &["pBdr"], &["shd"], &["tabs"], &["suppressAutoHyphens"], &["kinsoku"], &["wordWrap"],
        &["overflowPunct"], &["topLinePunct"], &["autoSpaceDE"], &["autoSpaceDN"], &["bidi"], &["adjustRightInd"],
        &["snapToGrid"], &["spacing"], &["ind"], &["contextualSpacing"], &["mirrorIndents"], &["suppressOverlap"],
        &["jc"], &["textDirection"], &["textAlignment"], &["textboxTightWrap"], &["outlineLvl"], &["divId"],
        &["cnfStyle"], &["rPr"], &["sectPr"], &["pPrChange"],
    ]),
    ("numPr", &[&["ilvl"], &["numId"], &["numberingChange"], &["ins"]]),
    // CT_TblPr; tblStyleRowBandSize/ColBandSize only occur in a style's tblPr.
    ("tblPr", &[
        &["tblStyle"], &["tblpPr"], &["tblOverlap"], &["bidiVisual"], &["tblStyleRowBandSize"], &["tblStyleColBandSize"],
        &["tblW"], &["jc"], &["tblCellSpacing"], &["tblInd"], &["tblBorders"], &["shd"], &["tblLayout"], &["tblCellMar"],
        &["tblLook"], &["tblCaption"], &["tblDescription"], &["tblPrChange"],
    ]),
    ("tblPrEx", &[
        &["tblW"], &["jc"], &["tblCellSpacing"], &["tblInd"], &["tblBorders"], &["shd"], &["tblLayout"], &["tblCellMar"],
        &["tblLook"], &["tblPrExChange"],
    ]),
    // CT_TrPrBase is a choice: any order.
    ("trPr", &[
        &["cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "trHeight", "hidden", "cantSplit",
          "tblHeader", "tblCellSpacing", "jc"],
        &["ins"], &["del"], &["trPrChange"],
    ]),
    ("tcPr", &[
        &["cnfStyle"], &["tcW"], &["gridSpan"], &["hMerge"], &["vMerge"], &["tcBorders"], &["shd"], &["noWrap"],
        &["tcMar"], &["textDirection"], &["tcFitText"], &["vAlign"], &["hideMark"], &["headers"],
        &["cellIns", "cellDel", "cellMerge"], &["tcPrChange"],
    ]),
    ("sectPr", &[
        &["headerReference", "footerReference"], &["footnotePr"], &["endnotePr"], &["type"], &["pgSz"], &["pgMar"],
        &["paperSrc"], &["pgBorders"], &["lnNumType"], &["pgNumType"], &["cols"], &["formProt"], &["vAlign"],
        &["noEndnote"], &["titlePg"], &["textDirection"], &["bidi"], &["rtlGutter"], &["docGrid"], &["printerSettings"],
        &["sectPrChange"],
    ]),
    ("pgBorders", &[&["top"], &["left"], &["bottom"], &["right"]]),
    ("tblBorders", &[&["top"], &["left", "start"], &["bottom"], &["right", "end"], &["insideH"], &["insideV"]]),
    ("tcBorders", &[
        &["top"], &["left", "start"], &["bottom"], &["right", "end"], &["insideH"], &["insideV"], &["tl2br"], &["tr2bl"],
    ]),
    ("pBdr", &[&["top"], &["left"], &["bottom"], &["right"], &["between"], &["bar"]]),
    ("tblCellMar", &[&["top"], &["left", "start"], &["bottom"], &["right", "end"]]),
    ("tcMar", &[&["top"], &["left", "start"], &["bottom"], &["right", "end"]]),
    ("tblGrid", &[&["gridCol"], &["tblGridChange"]]),
    // Content containers: their properties come first, content keeps its order.
    ("tbl", &[&["tblPr"], &["tblGrid"], &["tr"]]),
    ("tr", &[&["tblPrEx"], &["trPr"], &["tc"]]),
    ("tc", &[&["tcPr"], &["p", "tbl"]]),
    ("p", &[&["pPr"], &["r", "hyperlink", "fldSimple", "bookmarkStart", "bookmarkEnd", "ins", "del", "sdt"]]),
    ("body", &[&["p", "tbl", "sdt", "bookmarkStart", "bookmarkEnd"], &["sectPr"]]),
    // Styles.
    ("styles", &[&["docDefaults"], &["latentStyles"], &["style"]]),
    ("docDefaults", &[&["rPrDefault"], &["pPrDefault"]]),
    ("rPrDefault", &[&["rPr"]]),
    ("pPrDefault", &[&["pPr"]]),
    ("style", &[
        &["name"], &["aliases"], &["basedOn"], &["next"], &["link"], &["autoRedefine"], &["hidden"], &["uiPriority"],
        &["semiHidden"], &["unhideWhenUsed"], &["qFormat"], &["locked"], &["personal"], &["personalCompose"],
        &["personalReply"], &["rsid"], &["pPr"], &["rPr"], &["tblPr"], &["trPr"], &["tcPr"], &["tblStylePr"],
    ]),
    ("tblStylePr", &[&["pPr"], &["rPr"], &["tblPr"], &["trPr"], &["tcPr"]]),
    // Numbering.
    ("numbering", &[&["numPicBullet"], &["abstractNum"], &["num"], &["numIdMacAtCleanup"]]),
    ("abstractNum", &[&["nsid"], &["multiLevelType"], &["tmpl"], &["name"], &["styleLink"], &["numStyleLink"], &["lvl"]]),
    ("num", &[&["abstractNumId"], &["lvlOverride"]]),
    ("lvlOverride", &[&["startOverride"], &["lvl"]]),
    ("lvl", &[
        &["start"], &["numFmt"], &["lvlRestart"], &["pStyle"], &["isLgl"], &["suff"], &["lvlText"], &["lvlPicBulletId"],
        &["legacy"], &["lvlJc"], &["pPr"], &["rPr"],
    ]),
    // Font table.
    ("font", &[
        &["altName"], &["panose1"], &["charset"], &["family"], &["notTrueType"], &["pitch"], &["sig"], &["embedRegular"],
        &["embedBold"], &["embedItalic"], &["embedBoldItalic"],
    ]),
    // Settings (CT_Settings).
    ("settings", &[
        &["writeProtection"], &["view"], &["zoom"], &["removePersonalInformation"], &["removeDateAndTime"],
        &["doNotDisplayPageBoundaries"], &["displayBackgroundShape"], &["printPostScriptOverText"],
        &["printFractionalCharacterWidth"], &["printFormsData"], &["embedTrueTypeFonts"], &["embedSystemFonts"],
        &["saveSubsetFonts"], &["saveFormsData"], &["mirrorMargins"], &["alignBordersAndEdges"],
        &["bordersDoNotSurroundHeader"], &["bordersDoNotSurroundFooter"], &["gutterAtTop"], &["hideSpellingErrors"],
        &["hideGrammaticalErrors"], &["activeWritingStyle"], &["proofState"], &["formsDesign"], &["attachedTemplate"],
        &["linkStyles"], &["stylePaneFormatFilter"], &["stylePaneSortMethod"], &["documentType"], &["mailMerge"],
        &["revisionView"], &["trackRevisions"], &["doNotTrackMoves"], &["doNotTrackFormatting"],
        &["documentProtection"], &["autoFormatOverride"], &["styleLockTheme"], &["styleLockQFSet"],
        &["defaultTabStop"], &["autoHyphenation"], &["consecutiveHyphenLimit"], &["hyphenationZone"],
        &["doNotHyphenateCaps"], &["showEnvelope"], &["summaryLength"], &["clickAndTypeStyle"],
        &["defaultTableStyle"], &["evenAndOddHeaders"], &["bookFoldRevPrinting"], &["bookFoldPrinting"],
        &["bookFoldPrintingSheets"], &["drawingGridHorizontalSpacing"], &["drawingGridVerticalSpacing"],
        &["displayHorizontalDrawingGridEvery"], &["displayVerticalDrawingGridEvery"],
        &["doNotUseMarginsForDrawingGridOrigin"], &["drawingGridHorizontalOrigin"], &["drawingGridVerticalOrigin"],
        &["doNotShadeFormData"], &["noPunctuationKerning"], &["characterSpacingControl"], &["printTwoOnOne"],
        &["strictFirstAndLastChars"], &["noLineBreaksAfter"], &["noLineBreaksBefore"], &["savePreviewPicture"],
        &["doNotValidateAgainstSchema"], &["saveInvalidXml"], &["ignoreMixedContent"],
        &["alwaysShowPlaceholderText"], &["doNotDemarcateInvalidXml"], &["saveXmlDataOnly"], &["useXSLTWhenSaving"],
        &["saveThroughXslt"], &["showXMLTags"], &["alwaysMergeEmptyNamespace"], &["updateFields"],
        &["hdrShapeDefaults"], &["footnotePr"], &["endnotePr"], &["compat"], &["docVars"], &["rsids"],
        &["mathPr"], &["attachedSchema"], &["themeFontLang"], &["clrSchemeMapping"], &["doNotIncludeSubdocsInStats"],
        &["doNotAutoCompressPictures"], &["forceUpgrade"], &["captions"], &["readModeInkLockDown"], &["smartTagType"],
        &["schemaLibrary"], &["shapeDefaults"], &["doNotEmbedSmartTags"], &["decimalSymbol"], &["listSeparator"],
        &["w14:docId"], &["w15:chartTrackingRefBased"], &["w15:docId"],
    ]),
    ("compat", &[
        &["useSingleBorderforContiguousCells"], &["wpJustification"], &["noTabHangInd"], &["noLeading"],
        &["spaceForUL"], &["noColumnBalance"], &["balanceSingleByteDoubleByteWidth"], &["noExtraLineSpacing"],
        &["doNotLeaveBackslashAlone"], &["ulTrailSpace"], &["doNotExpandShiftReturn"], &["spacingInWholePoints"],
        &["lineWrapLikeWord6"], &["printBodyTextBeforeHeader"], &["printColBlack"], &["wpSpaceWidth"],
        &["showBreaksInFrames"], &["subFontBySize"], &["suppressBottomSpacing"], &["suppressTopSpacing"],
        &["suppressSpacingAtTopOfPage"], &["suppressTopSpacingWP"], &["suppressSpBfAfterPgBrk"],
        &["swapBordersFacingPages"], &["convMailMergeEsc"], &["truncateFontHeightsLikeWP6"], &["mwSmallCaps"],
        &["usePrinterMetrics"], &["doNotSuppressParagraphBorders"], &["wrapTrailSpaces"], &["footnoteLayoutLikeWW8"],
        &["shapeLayoutLikeWW8"], &["alignTablesRowByRow"], &["forgetLastTabAlignment"], &["adjustLineHeightInTable"],
        &["autoSpaceLikeWord95"], &["noSpaceRaiseLower"], &["doNotUseHTMLParagraphAutoSpacing"],
        &["layoutRawTableWidth"], &["layoutTableRowsApart"], &["useWord97LineBreakRules"],
        &["doNotBreakWrappedTables"], &["doNotSnapToGridInCell"], &["selectFldWithFirstOrLastChar"],
        &["applyBreakingRules"], &["doNotWrapTextWithPunct"], &["doNotUseEastAsianBreakRules"],
        &["useWord2002TableStyleRules"], &["growAutofit"], &["useFELayout"], &["useNormalStyleForList"],
        &["doNotUseIndentAsNumberingTabStop"], &["useAltKinsokuLineBreakRules"], &["allowSpaceOfSameStyleInTable"],
        &["doNotSuppressIndentation"], &["doNotAutofitConstrainedTables"], &["autofitToFirstFixedWidthCell"],
        &["underlineTabInNumList"], &["displayHangulFixedWidth"], &["splitPgBreakAndParaMark"],
        &["doNotVertAlignCellWithSp"], &["doNotBreakConstrainedForcedTable"], &["doNotVertAlignInTxbx"],
        &["useAnsiKerningPairs"], &["cachedColBalance"], &["compatSetting"],
    ]),
];

/// Attributes in the `w` namespace that the schema does not declare on an
/// element (docx-rs writes them anyway).
pub static UNDECLARED: &[(&str, &[&str])] = &[("gridCol", &["type"])];

/// Children that a `w` element may not have where its parent puts it, as
/// (parent, element, child): the paragraph properties of a style, a numbering
/// level or the defaults are CT_PPrGeneral, without the paragraph mark's run
/// properties (docx-rs writes an empty `w:rPr` there). Such children are dropped.
pub static NOT_ALLOWED: &[(&str, &str, &str)] = &[
    ("style", "pPr", "rPr"),
    ("lvl", "pPr", "rPr"),
    ("pPrDefault", "pPr", "rPr"),
    ("style", "pPr", "sectPr"),
    ("lvl", "pPr", "sectPr"),
    ("pPrDefault", "pPr", "sectPr"),
];

/// What the pass adds or changes besides the schema order.
#[derive(Debug, Clone)]
pub struct Options {
    /// A `w:trHeight` of this value (twips, rule "atLeast") marks a repeated
    /// table header row and becomes `w:tblHeader`.
    pub header_row_mark: Option<f32>,
    /// BCP 47 tag of the document's language (`vi-VN`).
    pub language: &'static str,
    /// Typeface of the theme's major and minor fonts, if a theme is added.
    pub theme_font: &'static str,
}

impl Default for Options {
    fn default() -> Self {
        Options { header_row_mark: None, language: "vi-VN", theme_font: "Times New Roman" }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{part}: {message}")]
pub struct Error {
    pub part: String,
    pub message: String,
}

const THEME_PART: &str = "word/theme/theme1.xml";
const THEME_TYPE: &str = "application/vnd.openxmlformats-officedocument.theme+xml";
const THEME_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme";

/// Rewrites every XML part of the package in place (and adds a theme part if
/// there is none). Parts keep their order; an added part goes last.
pub fn canonicalize(parts: &mut Vec<(String, Vec<u8>)>, opts: &Options) -> Result<(), Error> {
    let add_theme = !parts.iter().any(|(n, _)| n == THEME_PART);
    let mut theme_rel_id = String::from("rIdTheme1");
    if add_theme
        && let Some((_, rels)) = parts.iter().find(|(n, _)| n == "word/_rels/document.xml.rels")
    {
        let text = String::from_utf8_lossy(rels);
        let mut n = 1;
        while text.contains(&format!("\"{theme_rel_id}\"")) {
            n += 1;
            theme_rel_id = format!("rIdTheme{n}");
        }
    }
    for (name, data) in parts.iter_mut() {
        let Some(rules) = rules_for(name, opts, add_theme, &theme_rel_id) else { continue };
        *data = rewrite(data, &rules).map_err(|e| Error { part: name.clone(), message: e.to_string() })?;
    }
    if add_theme {
        parts.push((THEME_PART.to_string(), theme_xml(opts.theme_font).into_bytes()));
    }
    Ok(())
}

/// What to do to one part; None leaves it as it is (not XML).
fn rules_for(name: &str, opts: &Options, add_theme: bool, theme_rel_id: &str) -> Option<Rules> {
    if !(name.ends_with(".xml") || name.ends_with(".rels")) {
        return None;
    }
    let mut rules = Rules::default();
    // Complex-script text keeps Word's own default (ar-SA); there is none in our documents.
    let lang = || vec![("w:val", opts.language.to_string()), ("w:eastAsia", opts.language.to_string()), ("w:bidi", "ar-SA".to_string())];
    let story = name == "word/document.xml"
        || (name.starts_with("word/header") || name.starts_with("word/footer") || name == "word/footnotes.xml" || name == "word/endnotes.xml")
            && !name.contains("_rels");
    if story {
        rules.no_break_hyphen = true;
        rules.header_row_mark = opts.header_row_mark;
    }
    match name {
        "word/styles.xml" => rules.inserts.push(Insert {
            ns: W_NS,
            path: &["styles", "docDefaults", "rPrDefault", "rPr", "lang"],
            attrs: lang(),
            replace: true,
        }),
        "word/settings.xml" => rules.inserts.push(Insert {
            ns: W_NS,
            path: &["settings", "themeFontLang"],
            attrs: vec![("w:val", opts.language.to_string())],
            replace: true,
        }),
        "[Content_Types].xml" if add_theme => rules.inserts.push(Insert {
            ns: CT_NS,
            path: &["Types", "Override"],
            attrs: vec![("PartName", format!("/{THEME_PART}")), ("ContentType", THEME_TYPE.to_string())],
            replace: false,
        }),
        "word/_rels/document.xml.rels" if add_theme => rules.inserts.push(Insert {
            ns: REL_NS,
            path: &["Relationships", "Relationship"],
            attrs: vec![("Id", theme_rel_id.to_string()), ("Type", THEME_REL.to_string()), ("Target", "theme/theme1.xml".to_string())],
            replace: false,
        }),
        _ => {}
    }
    Some(rules)
}

#[derive(Default)]
struct Rules {
    no_break_hyphen: bool,
    header_row_mark: Option<f32>,
    inserts: Vec<Insert>,
}

/// An element that must exist at `path` (local names from the root, all in
/// `ns`), with these attributes. Missing ancestors are created. With `replace`,
/// an existing element there is dropped for this one; without, it is added
/// beside any others.
struct Insert {
    ns: &'static str,
    path: &'static [&'static str],
    attrs: Vec<(&'static str, String)>,
    replace: bool,
}

/// FNV-1a: element names are short, and SipHash would be a third of the pass.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// The ranks of the children of one element: `w` names, then extension
/// names as (namespace, local name).
struct Ranks {
    w: Map<&'static str, u16>,
    ext: Vec<(&'static str, &'static str, u16)>,
}

/// [`ORDERS`] by element name. Ranks start at 1.
fn order_index() -> &'static Map<&'static str, Ranks> {
    static INDEX: OnceLock<Map<&'static str, Ranks>> = OnceLock::new();
    INDEX.get_or_init(|| {
        ORDERS
            .iter()
            .map(|(parent, groups)| {
                let mut ranks = Ranks { w: Map::default(), ext: Vec::new() };
                for (rank, names) in groups.iter().enumerate() {
                    let rank = rank as u16 + 1;
                    for name in names.iter() {
                        match name.split_once(':') {
                            Some((prefix, local)) => {
                                let ns = EXTENSIONS.iter().find(|(p, _)| *p == prefix).expect("a known prefix").1;
                                ranks.ext.push((ns, local, rank));
                            }
                            None => {
                                ranks.w.insert(*name, rank);
                            }
                        }
                    }
                }
                (*parent, ranks)
            })
            .collect()
    })
}

/// An element being sorted: the byte ranges in the output of its direct
/// children, contiguous, with their ranks.
struct Frame {
    ranks: &'static Ranks,
    segs: Vec<(u16, usize, usize)>,
    last_rank: u16,
    sorted: bool,
}

impl Frame {
    /// Rank of a child; one the table does not name stays after the child before it.
    fn rank_of(&self, name: Name) -> u16 {
        let rank = match name {
            Some((W_NS, local)) => self.ranks.w.get(local).copied(),
            Some((ns, local)) => self.ranks.ext.iter().find(|(n, l, _)| *n == ns && *l == local).map(|e| e.2),
            None => None,
        };
        rank.unwrap_or(self.last_rank)
    }

    fn push(&mut self, rank: u16, start: usize, end: usize) {
        if rank < self.last_rank {
            self.sorted = false;
        }
        self.last_rank = self.last_rank.max(rank);
        self.segs.push((rank, start, end));
    }
}

/// An open element.
struct Open {
    /// Its name, when it is a `w` element with an entry in [`ORDERS`].
    w: Option<&'static str>,
    /// Whether it sorts its children (its frame is the innermost one).
    frame: bool,
    /// Its start in the output and its rank in the parent's frame.
    seg: Option<(u16, usize)>,
    /// Bit i: it is on the path of insert i.
    matched: u32,
    /// Bit i: the next element on the path of insert i is among its children.
    seen: u32,
    /// Its namespace prefix, kept only when `matched` (inserted children use it).
    prefix: Option<String>,
    /// Namespace declarations it made.
    bindings: usize,
    /// For a `w:t` whose number hyphens become `w:noBreakHyphen`: where its
    /// start tag is in the output, to write it again after one.
    t_tag: Option<(usize, usize)>,
}

/// An element's namespace, when it is one the pass knows, and local name.
type Name<'a> = Option<(&'static str, &'a str)>;

/// In-scope namespace prefixes ("" for the default namespace), innermost last,
/// each with the namespace when it is one the pass knows.
#[derive(Default)]
struct Scopes {
    /// The prefixes one after another, and each binding as its range there.
    names: String,
    bindings: Vec<(usize, usize, Option<&'static str>)>,
    /// The last prefix resolved for an element, and its namespace: nearly
    /// every element is `w:`, and a document declares a score of prefixes.
    last: Option<(String, Option<&'static str>)>,
}

impl Scopes {
    /// Takes the `xmlns` declarations of an element; returns how many.
    fn declare(&mut self, e: &BytesStart) -> usize {
        if !e.attributes_raw().contains("xmlns") {
            return 0;
        }
        let mut n = 0;
        for a in e.attributes().flatten() {
            let key = a.key.as_ref();
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => "",
                Some(p) if p.starts_with(':') => &p[1..],
                _ => continue,
            };
            let known = [W_NS, CT_NS, REL_NS].into_iter().chain(EXTENSIONS.iter().map(|e| e.1)).find(|k| *k == a.value);
            let at = self.names.len();
            self.names.push_str(prefix);
            self.bindings.push((at, self.names.len(), known));
            n += 1;
        }
        self.last = None;
        n
    }

    fn pop(&mut self, n: usize) {
        if n > 0 {
            self.bindings.truncate(self.bindings.len() - n);
            self.names.truncate(self.bindings.last().map_or(0, |b| b.1));
            self.last = None;
        }
    }

    /// The known namespace a prefix is bound to (None: no prefix).
    fn resolve(&self, prefix: Option<&str>) -> Option<&'static str> {
        let prefix = prefix.unwrap_or("");
        self.bindings.iter().rev().find(|(s, e, _)| &self.names[*s..*e] == prefix).and_then(|b| b.2)
    }

    fn element(&mut self, prefix: &str) -> Option<&'static str> {
        match &self.last {
            Some((p, ns)) if p == prefix => *ns,
            _ => {
                let ns = self.resolve(Some(prefix));
                self.last = Some((prefix.to_string(), ns));
                ns
            }
        }
    }
}

struct Pass<'r> {
    rules: &'r Rules,
    out: Writer<Vec<u8>>,
    stack: Vec<Open>,
    frames: Vec<Frame>,
    spare: Vec<Vec<(u16, usize, usize)>>,
    scratch: Vec<u8>,
    scopes: Scopes,
}

fn io(e: std::io::Error) -> quick_xml::Error {
    quick_xml::Error::Io(std::sync::Arc::new(e))
}

impl Pass<'_> {
    fn len(&mut self) -> usize {
        self.out.get_ref().len()
    }

    /// Writes an event that is one child of the innermost open element.
    fn write_child(&mut self, event: Event, name: Name) -> Result<(), quick_xml::Error> {
        let rank = self.child_rank(name);
        let start = self.len();
        self.out.write_event(event).map_err(io)?;
        self.end_child(rank, start);
        Ok(())
    }

    fn child_rank(&self, name: Name) -> Option<u16> {
        if self.stack.last().is_some_and(|o| o.frame) { self.frames.last().map(|f| f.rank_of(name)) } else { None }
    }

    fn end_child(&mut self, rank: Option<u16>, start: usize) {
        if let Some(rank) = rank {
            let end = self.len();
            self.frames.last_mut().expect("a frame").push(rank, start, end);
        }
    }

    fn open(&mut self, e: &BytesStart, ns: Option<&'static str>, matched: u32, bindings: usize) -> Result<(), quick_xml::Error> {
        let (_, local) = split_name(e);
        let rank = self.child_rank(ns.map(|n| (n, local)));
        let start = self.len();
        self.out.write_event(Event::Start(e.borrow())).map_err(io)?;
        let entry = if ns == Some(W_NS) { order_index().get_key_value(local) } else { None };
        let w = entry.map(|(k, _)| *k);
        let frame = entry.map(|(_, ranks)| ranks);
        if let Some(ranks) = frame {
            let segs = self.spare.pop().unwrap_or_default();
            self.frames.push(Frame { ranks, segs, last_rank: 0, sorted: true });
        }
        let prefix = (matched != 0).then(|| e.name().prefix().map(|p| p.as_ref().to_string())).flatten();
        let t_tag = (self.rules.no_break_hyphen && ns == Some(W_NS) && local == "t").then(|| (start, self.len()));
        let seg = rank.map(|r| (r, start));
        self.stack.push(Open { w, frame: frame.is_some(), seg, matched, seen: 0, prefix, bindings, t_tag });
        Ok(())
    }

    fn close(&mut self, end: BytesEnd) -> Result<(), quick_xml::Error> {
        let depth = self.stack.len() - 1;
        let (matched, seen) = {
            let top = self.stack.last().expect("an open element");
            (top.matched, top.seen)
        };
        for (i, ins) in self.rules.inserts.iter().enumerate() {
            if matched & (1 << i) != 0 && seen & (1 << i) == 0 {
                let prefix = self.stack.last().and_then(|o| o.prefix.clone());
                self.insert_chain(ins, depth + 1, prefix.as_deref())?;
            }
        }
        let open = self.stack.pop().expect("an open element");
        if open.frame {
            let mut frame = self.frames.pop().expect("a frame");
            if !frame.sorted {
                reorder(self.out.get_mut(), &mut frame.segs, &mut self.scratch);
            }
            frame.segs.clear();
            self.spare.push(frame.segs);
        }
        self.out.write_event(Event::End(end)).map_err(io)?;
        if let Some((rank, start)) = open.seg {
            self.end_child(Some(rank), start);
        }
        self.scopes.pop(open.bindings);
        Ok(())
    }

    /// Writes `ins.path[from..]` as one child of the innermost element.
    fn insert_chain(&mut self, ins: &Insert, from: usize, prefix: Option<&str>) -> Result<(), quick_xml::Error> {
        let qname = |local: &str| match prefix {
            Some(p) => format!("{p}:{local}"),
            None => local.to_string(),
        };
        let head = ins.path[from];
        let rank = self.child_rank(Some((ins.ns, head)));
        let start = self.len();
        let names: Vec<String> = ins.path[from..].iter().map(|l| qname(l)).collect();
        let (leaf, outer) = names.split_last().expect("a path");
        for name in outer {
            self.out.write_event(Event::Start(BytesStart::new(name.as_str()))).map_err(io)?;
        }
        let mut el = BytesStart::new(leaf.as_str());
        for (key, value) in &ins.attrs {
            // Attributes of w elements are in the w namespace: same prefix.
            let key = match key.split_once(':') {
                Some((_, local)) if ins.ns == W_NS => qname(local),
                _ => key.to_string(),
            };
            el.push_attribute((key.as_str(), value.as_str()));
        }
        self.out.write_event(Event::Empty(el)).map_err(io)?;
        for name in outer.iter().rev() {
            self.out.write_event(Event::End(BytesEnd::new(name.as_str()))).map_err(io)?;
        }
        self.end_child(rank, start);
        Ok(())
    }

    /// Text of a `w:t`: each document-number hyphen becomes a `w:noBreakHyphen`
    /// between two `w:t` with the same start tag, in the same run (so with the
    /// same run properties). The text of an event is as it stands in the input,
    /// with no references (the reader gives those apart), so its pieces are too.
    fn text_in_t(&mut self, text: BytesText) -> Result<(), quick_xml::Error> {
        let raw: &str = &text;
        let pieces = if raw.contains('-') { split_number_hyphens(raw) } else { Vec::new() };
        if pieces.len() < 2 {
            return self.out.write_event(Event::Text(text.borrow())).map_err(io);
        }
        let (start, end) = self.stack.last().and_then(|o| o.t_tag).expect("in a w:t");
        let tag = self.out.get_ref()[start..end].to_vec();
        let name_end = tag.iter().position(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/').unwrap_or(tag.len());
        let name = std::str::from_utf8(&tag[1..name_end]).map_err(|e| quick_xml::Error::Encoding(e.into()))?;
        let hyphen = match name.split_once(':') {
            Some((prefix, _)) => format!("{prefix}:noBreakHyphen"),
            None => "noBreakHyphen".to_string(),
        };
        for (i, piece) in pieces.iter().enumerate() {
            if i > 0 {
                self.out.write_event(Event::End(BytesEnd::new(name))).map_err(io)?;
                self.out.write_event(Event::Empty(BytesStart::new(hyphen.as_str()))).map_err(io)?;
                // The same start tag again, as it was written.
                self.out.get_mut().extend_from_slice(&tag);
            }
            self.out.write_event(Event::Text(BytesText::from_escaped(*piece))).map_err(io)?;
        }
        Ok(())
    }

    /// Handles a start or empty tag; returns whether the element is now open.
    fn start(&mut self, reader: &mut Reader<&[u8]>, e: &BytesStart, empty: bool, bindings: usize) -> Result<bool, quick_xml::Error> {
        let (prefix, local) = split_name(e);
        let ns = self.scopes.element(prefix);
        let depth = self.stack.len();
        let skip = |reader: &mut Reader<&[u8]>| -> Result<bool, quick_xml::Error> {
            if !empty {
                reader.read_to_end(e.name())?;
            }
            Ok(false)
        };
        // Inserts: is this element on a path, or the one to replace?
        let mut matched = 0u32;
        let mut replaced = false;
        for (i, ins) in self.rules.inserts.iter().enumerate() {
            let on_path = ns == Some(ins.ns)
                && ins.path.get(depth) == Some(&local)
                && (depth == 0 || self.stack[depth - 1].matched & (1 << i) != 0);
            if !on_path {
                continue;
            }
            if depth + 1 == ins.path.len() {
                replaced |= ins.replace;
            } else {
                matched |= 1 << i;
                if depth > 0 {
                    self.stack[depth - 1].seen |= 1 << i;
                }
            }
        }
        if replaced {
            return skip(reader);
        }
        let w_local = (ns == Some(W_NS)).then_some(local);
        let parent_w = self.stack.last().and_then(|o| o.w);
        if let (Some(child), Some(parent)) = (w_local, parent_w) {
            let grand = depth.checked_sub(2).and_then(|d| self.stack[d].w);
            if NOT_ALLOWED.iter().any(|&(g, p, c)| p == parent && c == child && Some(g) == grand) {
                return skip(reader);
            }
        }
        // The table header marker.
        if let (Some("trHeight"), Some("trPr"), Some(mark)) = (w_local, parent_w, self.rules.header_row_mark)
            && is_header_mark(e, mark)
        {
            let name = match e.name().prefix() {
                Some(p) => format!("{}:tblHeader", p.as_ref()),
                None => "tblHeader".to_string(),
            };
            self.write_child(Event::Empty(BytesStart::new(name.as_str())), Some((W_NS, "tblHeader")))?;
            return skip(reader);
        }
        let stripped = w_local.and_then(|l| strip_undeclared(e, l, &self.scopes));
        let e: &BytesStart = stripped.as_ref().unwrap_or(e);
        if empty && matched == 0 {
            self.write_child(Event::Empty(e.borrow()), ns.map(|n| (n, local)))?;
            return Ok(false);
        }
        self.open(e, ns, matched, bindings)?;
        if empty {
            // Written as a start and an end tag, so that inserts can go inside.
            self.close(e.to_end().into_owned())?;
        }
        Ok(!empty)
    }
}

/// An element's prefix ("" for none) and local name.
fn split_name<'a>(e: &'a BytesStart) -> (&'a str, &'a str) {
    let name: &'a str = &e[..e.name().as_ref().len()];
    match name.as_bytes().iter().position(|&b| b == b':') {
        Some(i) => (&name[..i], &name[i + 1..]),
        None => ("", name),
    }
}

/// Puts the children recorded in `segs` (contiguous byte ranges of `buf`) in
/// rank order, keeping the order of equal ranks.
fn reorder(buf: &mut [u8], segs: &mut [(u16, usize, usize)], scratch: &mut Vec<u8>) {
    let (Some(first), Some(last)) = (segs.first(), segs.last()) else { return };
    let (start, end) = (first.1, last.2);
    debug_assert!(segs.windows(2).all(|w| w[0].2 == w[1].1), "children are contiguous");
    scratch.clear();
    scratch.extend_from_slice(&buf[start..end]);
    segs.sort_by_key(|s| s.0);
    let mut at = start;
    for &(_, s, e) in segs.iter() {
        buf[at..at + e - s].copy_from_slice(&scratch[s - start..e - start]);
        at += e - s;
    }
}

/// Rewrites one XML part (UTF-8, which the reader checks as it goes).
fn rewrite(xml: &[u8], rules: &Rules) -> Result<Vec<u8>, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut pass = Pass {
        rules,
        out: Writer::new(Vec::with_capacity(xml.len() + xml.len() / 32 + 256)),
        stack: Vec::with_capacity(32),
        frames: Vec::with_capacity(16),
        spare: Vec::new(),
        scratch: Vec::new(),
        scopes: Scopes::default(),
    };
    let mut first = true;
    loop {
        let event = reader.read_event()?;
        if std::mem::take(&mut first) && !matches!(event, Event::Decl(_)) {
            // Every part starts with the declaration Word writes.
            let decl = quick_xml::events::BytesDecl::new("1.0", Some("UTF-8"), Some("yes"));
            pass.out.write_event(Event::Decl(decl)).map_err(io)?;
        }
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let bindings = pass.scopes.declare(e);
                let opened = pass.start(&mut reader, e, matches!(event, Event::Empty(_)), bindings)?;
                if !opened {
                    pass.scopes.pop(bindings);
                }
            }
            Event::End(e) => pass.close(e)?,
            Event::Text(t) if pass.stack.last().is_some_and(|o| o.t_tag.is_some()) => pass.text_in_t(t)?,
            Event::Decl(_) | Event::DocType(_) if pass.stack.is_empty() => pass.out.write_event(event).map_err(io)?,
            Event::Eof => break,
            other => pass.write_child(other, None)?,
        }
    }
    Ok(pass.out.into_inner())
}

/// Is this `w:trHeight` the marker of a repeated header row?
fn is_header_mark(e: &BytesStart, mark: f32) -> bool {
    let mut val = None;
    let mut rule = None;
    for a in e.attributes().flatten() {
        match a.key.local_name().as_ref() {
            "val" => val = a.value.parse::<f32>().ok(),
            "hRule" => rule = Some(a.value == "atLeast"),
            _ => {}
        }
    }
    val == Some(mark) && rule == Some(true)
}

/// The element without the `w` attributes the schema does not declare on it,
/// or None when it has none of them.
fn strip_undeclared(e: &BytesStart, w_local: &str, scopes: &Scopes) -> Option<BytesStart<'static>> {
    let (_, drop) = UNDECLARED.iter().find(|(el, _)| *el == w_local)?;
    // Unprefixed attributes are in no namespace.
    let undeclared = |a: &quick_xml::events::attributes::Attribute| {
        let prefix = a.key.prefix().map(|p| p.into_inner());
        prefix.is_some() && scopes.resolve(prefix) == Some(W_NS) && drop.contains(&a.key.local_name().as_ref())
    };
    if !e.attributes().flatten().any(|a| undeclared(&a)) {
        return None;
    }
    let mut out = BytesStart::new(e.name().as_ref().to_string());
    for a in e.attributes().flatten().filter(|a| !undeclared(a)) {
        out.push_attribute(a);
    }
    Some(out)
}

/// Splits text at each hyphen that joins a number to a type code — a digit
/// before it, an uppercase letter after it (`69-QĐ/TW`, `Số 512-BC/TU`,
/// `05-QC/BTCTU-BNCTU`): those hyphens must not break a line. The hyphens
/// themselves are left out; one piece means there is none.
pub fn split_number_hyphens(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut from = 0;
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices('-') {
        let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
        let upper_after = text[i + 1..].chars().next().is_some_and(char::is_uppercase);
        if digit_before && upper_after {
            pieces.push(&text[from..i]);
            from = i + 1;
        }
    }
    pieces.push(&text[from..]);
    pieces
}

/// A minimal theme (DrawingML): Office colours, the document's font as the
/// major and minor Latin fonts, and the three required fill, line, effect and
/// background styles.
fn theme_xml(font: &str) -> String {
    let solid = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let fills = solid.repeat(3);
    let lines = format!(r#"<a:ln w="6350">{solid}</a:ln>"#).repeat(3);
    let effects = "<a:effectStyle><a:effectLst/></a:effectStyle>".repeat(3);
    let font = quick_xml::escape::escape(font);
    let colors = [
        ("accent1", "4472C4"), ("accent2", "ED7D31"), ("accent3", "A5A5A5"),
        ("accent4", "FFC000"), ("accent5", "5B9BD5"), ("accent6", "70AD47"),
        ("hlink", "0563C1"), ("folHlink", "954F72"),
    ]
    .iter()
    .map(|(n, c)| format!(r#"<a:{n}><a:srgbClr val="{c}"/></a:{n}>"#))
    .collect::<String>();
    let face = format!(r#"<a:latin typeface="{font}"/><a:ea typeface=""/><a:cs typeface=""/>"#);
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme">"#,
            r#"<a:themeElements><a:clrScheme name="Office">"#,
            r#"<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>"#,
            r#"<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>"#,
            r#"<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>{colors}"#,
            r#"</a:clrScheme><a:fontScheme name="Office">"#,
            r#"<a:majorFont>{face}</a:majorFont><a:minorFont>{face}</a:minorFont></a:fontScheme>"#,
            r#"<a:fmtScheme name="Office"><a:fillStyleLst>{fills}</a:fillStyleLst>"#,
            r#"<a:lnStyleLst>{lines}</a:lnStyleLst><a:effectStyleLst>{effects}</a:effectStyleLst>"#,
            r#"<a:bgFillStyleLst>{fills}</a:bgFillStyleLst></a:fmtScheme></a:themeElements>"#,
            r#"<a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#
        ),
        colors = colors,
        face = face,
        fills = fills,
        lines = lines,
        effects = effects,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const DECL: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    const XML_DECL: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

    fn story(body: &str) -> String {
        let rules = Rules { no_break_hyphen: true, header_row_mark: Some(1.0), inserts: Vec::new() };
        let xml = format!("<w:document {DECL}><w:body>{body}</w:body></w:document>");
        let out = String::from_utf8(rewrite(xml.as_bytes(), &rules).unwrap()).unwrap();
        out.strip_prefix(&format!(r#"{XML_DECL}<w:document {DECL}><w:body>"#)).unwrap().strip_suffix("</w:body></w:document>").unwrap().to_string()
    }

    fn part(name: &str, xml: &str) -> String {
        let mut parts = vec![(name.to_string(), xml.as_bytes().to_vec())];
        canonicalize(&mut parts, &Options::default()).unwrap();
        String::from_utf8(parts.swap_remove(0).1).unwrap()
    }

    #[test]
    fn run_properties_follow_the_schema_sequence() {
        let got = story(r#"<w:p><w:r><w:rPr><w:sz w:val="28"/><w:b/><w:rFonts w:ascii="T"/><w:u w:val="single"/><w:strike/><w:szCs w:val="28"/></w:rPr><w:t>a</w:t></w:r></w:p>"#);
        assert_eq!(got, r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="T"/><w:b/><w:strike/><w:sz w:val="28"/><w:szCs w:val="28"/><w:u w:val="single"/></w:rPr><w:t>a</w:t></w:r></w:p>"#);
    }

    #[test]
    fn nested_properties_are_sorted_each_in_its_own_order() {
        let got = story(r#"<w:p><w:pPr><w:rPr><w:sz w:val="2"/><w:b/></w:rPr><w:jc w:val="center"/><w:spacing w:line="240"/><w:keepNext/><w:outlineLvl w:val="0"/><w:ind w:left="1"/><w:framePr w:w="10"/><w:pBdr><w:bottom w:val="single"/><w:top w:val="single"/></w:pBdr></w:pPr></w:p>"#);
        assert_eq!(
            got,
            r#"<w:p><w:pPr><w:keepNext/><w:framePr w:w="10"/><w:pBdr><w:top w:val="single"/><w:bottom w:val="single"/></w:pBdr><w:spacing w:line="240"/><w:ind w:left="1"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/><w:rPr><w:b/><w:sz w:val="2"/></w:rPr></w:pPr></w:p>"#
        );
    }

    #[test]
    fn tables_cells_and_sections_are_sorted() {
        let got = story(concat!(
            r#"<w:tbl><w:tblGrid><w:gridCol w:w="100" w:type="dxa"/></w:tblGrid><w:tblPr><w:tblLayout w:type="fixed"/><w:tblBorders><w:insideV w:val="nil"/><w:left w:val="nil"/><w:top w:val="nil"/></w:tblBorders><w:tblW w:w="100" w:type="dxa"/><w:tblCellMar><w:right w:w="0"/><w:top w:w="0"/></w:tblCellMar><w:jc w:val="right"/></w:tblPr>"#,
            r#"<w:tr><w:tc><w:p/><w:tcPr><w:vAlign w:val="top"/><w:tcBorders><w:bottom w:val="nil"/><w:top w:val="nil"/></w:tcBorders><w:tcW w:w="100" w:type="dxa"/></w:tcPr></w:tc><w:trPr><w:cantSplit/><w:trHeight w:val="1" w:hRule="atLeast"/></w:trPr></w:tr></w:tbl>"#,
            r#"<w:sectPr><w:pgMar w:top="1"/><w:titlePg/><w:pgSz w:w="2"/><w:headerReference w:type="first" w:id="rId2"/><w:headerReference w:type="default" w:id="rId1"/></w:sectPr>"#,
        ));
        assert_eq!(
            got,
            concat!(
                r#"<w:tbl><w:tblPr><w:tblW w:w="100" w:type="dxa"/><w:jc w:val="right"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="0"/><w:right w:w="0"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid>"#,
                r#"<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:tcPr><w:tcW w:w="100" w:type="dxa"/><w:tcBorders><w:top w:val="nil"/><w:bottom w:val="nil"/></w:tcBorders><w:vAlign w:val="top"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>"#,
                r#"<w:sectPr><w:headerReference w:type="first" w:id="rId2"/><w:headerReference w:type="default" w:id="rId1"/><w:pgSz w:w="2"/><w:pgMar w:top="1"/><w:titlePg/></w:sectPr>"#,
            )
        );
    }

    #[test]
    fn ordered_input_comes_out_byte_for_byte() {
        let xml = r#"<w:p><w:pPr><w:spacing w:line="240"/><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="T"/><w:b/></w:rPr><w:t xml:space="preserve">a &amp; b</w:t><w:br/><w:t>c</w:t></w:r></w:p>"#;
        assert_eq!(story(xml), xml);
    }

    #[test]
    fn unknown_children_stay_after_the_one_before_them() {
        let xml = r#"<w:r xmlns:x="urn:x"><w:rPr><w:sz w:val="2"/><x:y/><w:b/></w:rPr></w:r>"#;
        assert_eq!(story(xml), r#"<w:r xmlns:x="urn:x"><w:rPr><w:b/><w:sz w:val="2"/><x:y/></w:rPr></w:r>"#);
    }

    #[test]
    fn only_undeclared_attributes_in_the_w_namespace_are_removed() {
        let got = story(r#"<w:tbl><w:tblGrid><w:gridCol w:w="5" w:type="dxa"/><w:gridCol w:w="6"/></w:tblGrid></w:tbl>"#);
        assert_eq!(got, r#"<w:tbl><w:tblGrid><w:gridCol w:w="5"/><w:gridCol w:w="6"/></w:tblGrid></w:tbl>"#);
        // The height marker only when it is the marker.
        let row = story(r#"<w:tr><w:trPr><w:trHeight w:val="2" w:hRule="atLeast"/></w:trPr></w:tr>"#);
        assert_eq!(row, r#"<w:tr><w:trPr><w:trHeight w:val="2" w:hRule="atLeast"/></w:trPr></w:tr>"#);
    }

    #[test]
    fn number_hyphens_are_found_between_a_digit_and_an_uppercase_letter() {
        assert_eq!(split_number_hyphens("69-QĐ/TW"), ["69", "QĐ/TW"]);
        assert_eq!(split_number_hyphens("Số 512-BC/TU"), ["Số 512", "BC/TU"]);
        assert_eq!(split_number_hyphens("05-QC/BTCTU-BNCTU"), ["05", "QC/BTCTU-BNCTU"]);
        assert_eq!(split_number_hyphens("Quy định 66-QĐ/TW và 36-HD/VPTW"), ["Quy định 66", "QĐ/TW và 36", "HD/VPTW"]);
        assert_eq!(split_number_hyphens("-Đ"), ["-Đ"]);
        assert_eq!(split_number_hyphens("2024-02-05"), ["2024-02-05"]);
        assert_eq!(split_number_hyphens("kinh tế - xã hội, 5-a, 7-"), ["kinh tế - xã hội, 5-a, 7-"]);
        assert_eq!(split_number_hyphens(""), [""]);
    }

    #[test]
    fn a_number_hyphen_becomes_a_no_break_hyphen_in_the_same_run() {
        let got = story(r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Số 18-TTr/ĐU &amp; 05-QC/BTCTU</w:t></w:r></w:p>"#);
        assert_eq!(
            got,
            concat!(
                r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Số 18</w:t><w:noBreakHyphen/>"#,
                r#"<w:t xml:space="preserve">TTr/ĐU &amp; 05</w:t><w:noBreakHyphen/><w:t xml:space="preserve">QC/BTCTU</w:t></w:r></w:p>"#
            )
        );
        // Not in field instructions, not elsewhere.
        let field = r#"<w:p><w:r><w:instrText>PAGE 1-A</w:instrText><w:t>1-2</w:t></w:r></w:p>"#;
        assert_eq!(story(field), field);
    }

    #[test]
    fn the_default_run_properties_declare_vietnamese() {
        let styles = |inner: &str| format!(r#"{XML_DECL}<w:styles {DECL}>{inner}<w:style w:styleId="a"/></w:styles>"#);
        let lang = r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>"#;
        // Replaced, and placed in order.
        let got = part("word/styles.xml", &styles(r#"<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US"/><w:rFonts w:ascii="T"/><w:u w:val="none"/></w:rPr></w:rPrDefault></w:docDefaults>"#));
        assert_eq!(got, styles(&format!(r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="T"/><w:u w:val="none"/>{lang}</w:rPr></w:rPrDefault></w:docDefaults>"#)));
        // An empty rPr gets it inside.
        let got = part("word/styles.xml", &styles(r#"<w:docDefaults><w:rPrDefault><w:rPr/></w:rPrDefault><w:pPrDefault/></w:docDefaults>"#));
        assert_eq!(got, styles(&format!(r#"<w:docDefaults><w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"#)));
        // Missing ancestors are made, first in their parents.
        let got = part("word/styles.xml", &styles(r#"<w:docDefaults><w:pPrDefault/></w:docDefaults>"#));
        assert_eq!(got, styles(&format!(r#"<w:docDefaults><w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault><w:pPrDefault/></w:docDefaults>"#)));
        let got = part("word/styles.xml", &styles(""));
        assert_eq!(got, styles(&format!(r#"<w:docDefaults><w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault></w:docDefaults>"#)));
    }

    #[test]
    fn settings_are_sorted_and_name_the_theme_font_language() {
        let got = part("word/settings.xml", &format!(r#"<w:settings {DECL}><w:compat><w:compatSetting/><w:spaceForUL/></w:compat><w:defaultTabStop w:val="709"/><w:zoom w:percent="100"/></w:settings>"#));
        assert_eq!(
            got,
            format!(r#"{XML_DECL}<w:settings {DECL}><w:zoom w:percent="100"/><w:defaultTabStop w:val="709"/><w:compat><w:spaceForUL/><w:compatSetting/></w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>"#)
        );
    }

    #[test]
    fn a_theme_part_is_added_with_its_relationship_and_content_type() {
        let mut parts = vec![
            ("[Content_Types].xml".to_string(), br#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.to_vec()),
            ("word/_rels/document.xml.rels".to_string(), br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTheme1" Type="t" Target="x"/></Relationships>"#.to_vec()),
        ];
        canonicalize(&mut parts, &Options::default()).unwrap();
        let text = |i: usize| String::from_utf8(parts[i].1.clone()).unwrap();
        assert!(text(0).ends_with(r#"<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/></Types>"#), "{}", text(0));
        assert!(text(1).ends_with(r#"<Relationship Id="rIdTheme2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>"#), "{}", text(1));
        assert_eq!(parts[2].0, "word/theme/theme1.xml");
        let theme = text(2);
        assert!(theme.contains(r#"<a:latin typeface="Times New Roman"/>"#));
        // Once is enough.
        let before = parts.clone();
        canonicalize(&mut parts, &Options::default()).unwrap();
        assert_eq!(parts.len(), 3);
        assert_eq!(parts[0], before[0]);
    }

    #[test]
    fn general_paragraph_properties_lose_the_run_properties_they_may_not_have() {
        let styles = |inner: &str| format!(r#"{XML_DECL}<w:styles {DECL}>{inner}</w:styles>"#);
        let got = part("word/styles.xml", &styles(r#"<w:docDefaults><w:rPrDefault><w:rPr/></w:rPrDefault><w:pPrDefault><w:pPr><w:rPr/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:styleId="a"><w:rPr><w:b/></w:rPr><w:pPr><w:jc w:val="left"/><w:rPr><w:b/></w:rPr></w:pPr></w:style>"#));
        let lang = r#"<w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>"#;
        assert_eq!(got, styles(&format!(r#"<w:docDefaults><w:rPrDefault><w:rPr>{lang}</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr></w:pPr></w:pPrDefault></w:docDefaults><w:style w:styleId="a"><w:pPr><w:jc w:val="left"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"#)));
        // A paragraph keeps its mark's run properties.
        let p = r#"<w:p><w:pPr><w:jc w:val="left"/><w:rPr><w:b/></w:rPr></w:pPr></w:p>"#;
        assert_eq!(story(p), p);
    }
}
