#include "direntryjson.h"

#include <cstdio>

namespace ferry {

namespace {

constexpr char kHex[] = "0123456789abcdef";

// A JSON string exactly as QJsonDocument::toJson() writes one (the output of
// `ferry-cli parse-listing` and `ls --json` predates this writer and must not change):
// '"', '\\' and control characters escaped (\b \f \n \r \t, else \u00xx), everything else
// as UTF-8, a lone surrogate as \uxxxx. Written by hand because building a QJsonObject
// per entry cost ten microseconds an entry, more than parsing the line.
void appendString(QByteArray &out, const QString &s)
{
    out += '"';
    const char16_t *p = reinterpret_cast<const char16_t *>(s.constData());
    const char16_t *const end = p + s.size();
    const auto escapeUnit = [&out](char16_t u) {
        const char e[6] = {
            '\\', 'u', kHex[(u >> 12) & 0xf], kHex[(u >> 8) & 0xf], kHex[(u >> 4) & 0xf], kHex[u & 0xf]};
        out.append(e, 6);
    };
    while (p < end) {
        const char16_t u = *p++;
        if (u < 0x80) {
            switch (u) {
            case u'"':
                out += "\\\"";
                break;
            case u'\\':
                out += "\\\\";
                break;
            case u'\b':
                out += "\\b";
                break;
            case u'\f':
                out += "\\f";
                break;
            case u'\n':
                out += "\\n";
                break;
            case u'\r':
                out += "\\r";
                break;
            case u'\t':
                out += "\\t";
                break;
            default:
                if (u < 0x20)
                    escapeUnit(u);
                else
                    out += char(u);
            }
        } else if (u < 0x800) {
            const char b[2] = {char(0xc0 | (u >> 6)), char(0x80 | (u & 0x3f))};
            out.append(b, 2);
        } else if (QChar::isHighSurrogate(u) && p < end && QChar::isLowSurrogate(*p)) {
            const char32_t c = QChar::surrogateToUcs4(u, *p++);
            const char b[4] = {char(0xf0 | (c >> 18)), char(0x80 | ((c >> 12) & 0x3f)),
                               char(0x80 | ((c >> 6) & 0x3f)), char(0x80 | (c & 0x3f))};
            out.append(b, 4);
        } else if (QChar::isSurrogate(u)) {
            escapeUnit(u);
        } else {
            const char b[3] = {char(0xe0 | (u >> 12)), char(0x80 | ((u >> 6) & 0x3f)),
                               char(0x80 | (u & 0x3f))};
            out.append(b, 3);
        }
    }
    out += '"';
}

void appendTime(QByteArray &out, const DirEntry &e)
{
    char buf[40];
    const int n = e.writeTimeText(buf);
    if (n == 0) {
        out += "null";
        return;
    }
    out += '"';
    out.append(buf, n);
    out += '"';
}

} // namespace

QByteArray direntryToJsonLine(const DirEntry &e, bool includeUnsafeFlag)
{
    // Keys in sorted order, as QJsonObject kept them.
    QByteArray out;
    out.reserve(160 + 3 * (e.name.size() + e.target.size() + e.owner.size() + e.group.size()));
    out += "{\"group\":";
    appendString(out, e.group);
    out += e.isDir ? ",\"is_dir\":true" : ",\"is_dir\":false";
    out += e.isLink ? ",\"is_link\":true" : ",\"is_link\":false";
    out += ",\"line\":";
    out += QByteArray::number(e.line);
    out += ",\"name\":";
    appendString(out, e.name);
    out += ",\"owner\":";
    appendString(out, e.owner);
    out += ",\"permissions\":";
    appendString(out, e.permissions);
    out += ",\"size\":";
    if (e.size >= 0)
        out += QByteArray::number(e.size);
    else
        out += "null";
    out += ",\"target\":";
    if (e.target.isEmpty())
        out += "null";
    else
        appendString(out, e.target);
    out += ",\"time\":";
    appendTime(out, e);
    if (includeUnsafeFlag && e.hasUnsafeName())
        out += ",\"unsafe\":true";
    out += '}';
    return out;
}

} // namespace ferry
