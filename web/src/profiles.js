// Which hồ sơ thể thức a date falls under, from GET /v1/kinds (the server's
// profiles carry their in-force dates; the A5 variants are not chosen by date).

/** Reads the dates vanban accepts: 2026-06-15, 15/6/2026, or a year alone. */
export function isoDate(text) {
  const t = (text || '').trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return null;
}

/** The profile in force on a date (undated: the newest one). */
export function profileInForce(lists, date) {
  const dated = (lists || []).filter((p) => p.in_force_from || p.in_force_until);
  const iso = isoDate(date);
  if (iso) {
    const found = dated.find((p) => (!p.in_force_from || p.in_force_from <= iso) && (!p.in_force_until || iso <= p.in_force_until));
    if (found) return found;
  }
  return dated.find((p) => !p.in_force_until) || lists?.[0] || null;
}
