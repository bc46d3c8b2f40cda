#!/usr/bin/env python3
"""Writes the starting corpora of the fuzz targets from the repository's own
files (samples, templates, profiles) into fuzz/seeds/<target>/. The committed
fuzz/corpus/ is what `cargo fuzz cmin` kept of these plus what the fuzzer found;
this script is only needed to start over: python3 fuzz/seed.py"""
import glob, hashlib, json, os, pathlib

root = pathlib.Path(__file__).resolve().parent.parent
out = root / "fuzz" / "seeds"

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)

def body_text(v):
    b = v.get("body")
    return "\n\n".join(b) if isinstance(b, list) else (b or "")

docs = []
for f in sorted(glob.glob(str(root / "samples" / "*.json"))):
    text = open(f, encoding="utf-8").read()
    v = json.loads(text)
    put("document", text)
    if "kind" in v:
        docs.append(v)
        put("markdown", body_text(v))
        # A short version of each sample, so the PDF path (inputs < 4 KB) runs too.
        short = dict(v)
        if isinstance(v.get("body"), list):
            short["body"] = v["body"][:4]
        put("document", json.dumps(short, ensure_ascii=False))

templates = sorted(glob.glob(str(root / "templates" / "*" / "template.json")))
ids = sorted(json.load(open(t, encoding="utf-8"))["id"] for t in templates)
for i, tid in enumerate(ids):
    example = json.load(open(root / "templates" / tid / "example.json", encoding="utf-8"))
    put("template", bytes([2 * i]) + b"{}")
    put("template", bytes([2 * i]) + json.dumps(example, ensure_ascii=False).encode())
    strings = []
    def walk(x):
        if isinstance(x, str): strings.append(x)
        elif isinstance(x, list): [walk(y) for y in x]
        elif isinstance(x, dict): [walk(y) for y in x.values()]
    walk(example)
    put("template", bytes([2 * i + 1]) + "\x1f".join(strings).encode())
    skeleton = json.load(open(root / "templates" / tid / "template.json", encoding="utf-8"))
    body = skeleton.get("document", {}).get("body")
    if isinstance(body, list):
        put("markdown", "\n\n".join(b for b in body if isinstance(b, str)))

for f in sorted(glob.glob(str(root / "samples" / "*.csv"))):
    data = open(f, "rb").read()
    put("csv", data)
    lines = data.split(b"\n")
    put("csv", b"\n".join(lines[:2]) + b"\n")

hd36 = open(root / "profiles" / "dang-hd36.toml", encoding="utf-8").read()
for f in sorted(glob.glob(str(root / "profiles" / "*.toml"))):
    text = open(f, encoding="utf-8").read()
    put("profile", text)
    # As file x.toml: the id must be "x".
    lines = [l for l in text.splitlines() if not l.startswith("id = ")]
    put("profile", 'id = "x"\n' + "\n".join(lines) + "\n")
put("profile", 'id = "x"\nextends = "dang-hd36"\n')
put("profile", 'id = "x"\nextends = "dang-hd05"\n[page]\nwidth_mm = 148\nheight_mm = 210\n')
put("profile", 'id = "x"\nextends = "dang-hd36"\n[numbering.sections]\nlevels = [{ label = "{roman}-", style = "heading1" }]\n')

# Small documents of every kind and mark, for the PDF path of `document`.
minimal = {
    "kind": "bao-cao",
    "issuer": {"parent": "Đảng bộ tỉnh Đồng Nai", "name": "Ban Thường vụ", "code": "TU"},
    "number": 5, "place": "Đồng Nai", "date": "2024-02-05",
    "subject": "kết quả thực hiện Quy chế làm việc",
    "body": ["# Đặc điểm", "Nội dung **báo cáo**.", "- một\n- hai", "| A | B |\n|--|--|\n| 1 | 2 |", "Trên đây là báo cáo."],
    "signature": {"authority": "T/M Ban Thường vụ", "position": "Phó Bí thư", "name": "Hồ Thanh Sơn"},
    "recipients": ["Các đ/c TVTU", "Lưu VPTU"],
}
put("document", json.dumps(minimal, ensure_ascii=False))
m = dict(minimal, marks={"draft": 2, "secrecy": "mat", "urgency": "khan", "circulation": "Tài liệu hội nghị", "not_public": True},
         typist_mark="N2-M3/BC", numbering="manual", profile="dang-hd05")
put("document", json.dumps(m, ensure_ascii=False))
for v in docs:
    small = dict(minimal)
    for k in ("kind", "issuer", "signature", "recipients", "concluded_by", "addressees", "issued_with", "profile", "extra_recipients"):
        if k in v:
            small[k] = v[k]
    if isinstance(v.get("body"), list):
        small["body"] = v["body"][:6]
    put("document", json.dumps(small, ensure_ascii=False))
