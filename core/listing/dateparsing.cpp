#include "dateparsing.h"

#include "parsehelpers.h"

#include <QDateTime>

#include <array>
#include <cstring>
#include <optional>

namespace ferry::dateparsing {

using namespace parsehelpers;

namespace {

struct MonthName {
    const char *name; // lowercase (ASCII letters only are folded when looking up)
    int month;
};

// Beyond the English three-letter names (handled by a switch). Several languages share
// an entry ("mai", "juni"); a name never means two different months. Legacy 8-bit forms
// are spelled out as escapes: Latin-1 for the Western languages, windows-1251 for Russian.
// clang-format off
constexpr MonthName kMonthNames[] = {
    // English
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"june", 6}, {"july", 7}, {"august", 8},
    {"sept", 9}, {"september", 9}, {"october", 10}, {"november", 11}, {"december", 12},
    // German (and Austrian "Jän")
    {"jän", 1}, {"j\xe4n", 1}, {"jänner", 1}, {"januar", 1}, {"februar", 2}, {"mär", 3}, {"m\xe4r", 3},
    {"märz", 3}, {"m\xe4rz", 3}, {"mrz", 3}, {"mai", 5}, {"juni", 6}, {"juli", 7}, {"okt", 10}, {"oktober", 10},
    {"dez", 12}, {"dezember", 12},
    // French
    {"janv", 1}, {"janvier", 1}, {"févr", 2}, {"f\xe9vr", 2}, {"fév", 2}, {"f\xe9v", 2}, {"fevr", 2},
    {"fev", 2}, {"février", 2}, {"f\xe9vrier", 2}, {"fevrier", 2}, {"mars", 3}, {"avr", 4}, {"avril", 4},
    {"juin", 6}, {"juil", 7}, {"jui", 7}, {"juillet", 7}, {"août", 8}, {"ao\xfbt", 8}, {"aoû", 8}, {"ao\xfb", 8},
    {"aout", 8}, {"septembre", 9}, {"octobre", 10}, {"novembre", 11}, {"déc", 12}, {"d\xe9" "c", 12},
    {"décembre", 12}, {"d\xe9" "cembre", 12}, {"decembre", 12},
    // Spanish (with the abbreviations some servers use: "fbro", "mzo", "agto", "sbre"...)
    {"ene", 1}, {"enero", 1}, {"febrero", 2}, {"fbro", 2}, {"marzo", 3}, {"mzo", 3}, {"ab", 4}, {"abr", 4},
    {"abril", 4}, {"mayo", 5}, {"junio", 6}, {"julio", 7}, {"ago", 8}, {"agto", 8}, {"agosto", 8}, {"septiembre", 9},
    {"setiembre", 9}, {"sbre", 9}, {"octubre", 10}, {"obre", 10}, {"noviembre", 11}, {"nbre", 11}, {"dic", 12},
    {"diciembre", 12}, {"dbre", 12},
    // Italian
    {"gen", 1}, {"gennaio", 1}, {"febbraio", 2}, {"aprile", 4}, {"mag", 5}, {"maggio", 5}, {"giu", 6},
    {"giugno", 6}, {"lug", 7}, {"luglio", 7}, {"set", 9}, {"settembre", 9}, {"ott", 10}, {"ottobre", 10},
    {"novembre", 11}, {"dicembre", 12},
    // Portuguese
    {"janeiro", 1}, {"fevereiro", 2}, {"março", 3}, {"mar\xe7o", 3}, {"maio", 5}, {"junho", 6}, {"julho", 7},
    {"setembro", 9}, {"out", 10}, {"outubro", 10}, {"novembro", 11}, {"dezembro", 12},
    // Dutch
    {"januari", 1}, {"februari", 2}, {"mrt", 3}, {"maart", 3}, {"mei", 5}, {"augustus", 8},
    // Swedish, Danish, Norwegian
    {"maj", 5}, {"augusti", 8}, {"des", 12}, {"desember", 12},
    // Finnish (with and without the "kuu" that makes them month names)
    {"tammi", 1}, {"tammikuu", 1}, {"helmi", 2}, {"helmikuu", 2}, {"maalis", 3}, {"maaliskuu", 3}, {"huhti", 4},
    {"huhtikuu", 4}, {"touko", 5}, {"toukokuu", 5}, {"kesä", 6}, {"kes\xe4", 6}, {"kesäkuu", 6}, {"heinä", 7},
    {"hein\xe4", 7}, {"heinäkuu", 7}, {"elo", 8}, {"elokuu", 8}, {"syys", 9}, {"syyskuu", 9}, {"loka", 10},
    {"lokakuu", 10}, {"marras", 11}, {"marraskuu", 11}, {"joulu", 12}, {"joulukuu", 12},
    // Polish
    {"sty", 1}, {"lut", 2}, {"kwi", 4}, {"cze", 6}, {"lip", 7}, {"sie", 8}, {"wrz", 9}, {"paź", 10}, {"pa\xbc", 10},
    {"paz", 10}, {"lis", 11}, {"gru", 12},
    // Hungarian
    {"febr", 2}, {"márc", 3}, {"m\xe1rc", 3}, {"ápr", 4}, {"\xe1pr", 4}, {"máj", 5}, {"m\xe1j", 5}, {"jún", 6},
    {"j\xfan", 6}, {"júl", 7}, {"j\xfal", 7}, {"szept", 9},
    // Turkish
    {"oca", 1}, {"şub", 2}, {"Şub", 2}, {"nis", 4}, {"haz", 6}, {"tem", 7}, {"ağu", 8}, {"eyl", 9}, {"eki", 10}, {"kas", 11},
    {"ara", 12},
    // Russian: abbreviations and the genitive forms `ls` prints with day-first dates
    {"янв", 1}, {"января", 1}, {"фев", 2}, {"февр", 2}, {"февраля", 2}, {"мар", 3}, {"марта", 3}, {"апр", 4},
    {"апреля", 4}, {"май", 5}, {"мая", 5}, {"июн", 6}, {"июня", 6}, {"июл", 7}, {"июля", 7}, {"авг", 8},
    {"августа", 8}, {"сен", 9}, {"сент", 9}, {"сентября", 9}, {"окт", 10}, {"октября", 10}, {"ноя", 11},
    {"нояб", 11}, {"ноября", 11}, {"дек", 12}, {"декабря", 12},
    // Russian in windows-1251
    {"\xff\xed\xe2", 1}, {"\xf4\xe5\xe2", 2}, {"\xec\xe0\xf0", 3}, {"\xe0\xef\xf0", 4}, {"\xec\xe0\xe9", 5},
    {"\xec\xe0\xff", 5}, {"\xe8\xfe\xed", 6}, {"\xe8\xfe\xeb", 7}, {"\xe0\xe2\xe3", 8}, {"\xf1\xe5\xed", 9},
    {"\xee\xea\xf2", 10}, {"\xed\xee\xff", 11}, {"\xe4\xe5\xea", 12},
};
// clang-format on

constexpr qsizetype kLongestMonthName = 16; // bytes; "сентября" in UTF-8

constexpr quint32 packMonth(const char (&s)[4])
{
    return quint32(quint8(s[0])) << 16 | quint32(quint8(s[1])) << 8 | quint32(quint8(s[2]));
}

int englishMonth(char a, char b, char c)
{
    switch (packMonth({foldCase(a), foldCase(b), foldCase(c), '\0'})) {
    case packMonth("jan"):
        return 1;
    case packMonth("feb"):
        return 2;
    case packMonth("mar"):
        return 3;
    case packMonth("apr"):
        return 4;
    case packMonth("may"):
        return 5;
    case packMonth("jun"):
        return 6;
    case packMonth("jul"):
        return 7;
    case packMonth("aug"):
        return 8;
    case packMonth("sep"):
        return 9;
    case packMonth("oct"):
        return 10;
    case packMonth("nov"):
        return 11;
    case packMonth("dec"):
        return 12;
    default:
        return 0;
    }
}

// Folds ASCII letters only; other bytes (UTF-8, Latin-1) are left as they are.
char foldAsciiLetter(char c)
{
    return isUpperAscii(c) ? char(c | 0x20) : c;
}

quint32 hashName(const char *s, qsizetype n)
{
    quint32 h = 2166136261u; // FNV-1a
    for (qsizetype i = 0; i < n; ++i) {
        h ^= quint8(s[i]);
        h *= 16777619u;
    }
    return h;
}

// An open-addressing table over kMonthNames, built once: a lookup costs one hash and
// usually one comparison, which matters because the Unix format asks about every token
// that could start a date (owner and group names included).
class MonthTable {
public:
    MonthTable()
    {
        m_slots.fill(-1);
        for (int i = 0; i < int(std::size(kMonthNames)); ++i) {
            const char *name = kMonthNames[i].name;
            const qsizetype n = qsizetype(strlen(name));
            Q_ASSERT(n <= kLongestMonthName);
            quint32 slot = hashName(name, n) & kMask;
            while (m_slots[slot] >= 0)
                slot = (slot + 1) & kMask;
            m_slots[slot] = i;
            m_lengths[quint8(name[0])] |= 1u << n;
        }
    }

    // Whether any name starts with this (folded) byte and has this length: turns away
    // most non-names (owners, groups) without hashing them.
    bool mayHave(char first, qsizetype n) const { return (m_lengths[quint8(first)] >> n) & 1u; }

    int find(const char *folded, qsizetype n) const
    {
        quint32 slot = hashName(folded, n) & kMask;
        while (m_slots[slot] >= 0) {
            const MonthName &m = kMonthNames[m_slots[slot]];
            if (qsizetype(strlen(m.name)) == n && memcmp(m.name, folded, size_t(n)) == 0)
                return m.month;
            slot = (slot + 1) & kMask;
        }
        return 0;
    }

private:
    static constexpr quint32 kMask = 1023;
    std::array<qint16, kMask + 1> m_slots;
    std::array<quint32, 256> m_lengths{};
};

// Whether the bytes after the digits of a CJK date part name its role.
struct CjkSuffix {
    const char *bytes;
    CjkRole role;
};
constexpr CjkSuffix kCjkSuffixes[] = {
    {"\xe6\x9c\x88", CjkRole::Month}, // 月 UTF-8
    {"\xec\x9b\x94", CjkRole::Month}, // 월 UTF-8
    {"\xe6\x97\xa5", CjkRole::Day},   // 日 UTF-8
    {"\xec\x9d\xbc", CjkRole::Day},   // 일 UTF-8
    {"\xe5\xb9\xb4", CjkRole::Year},  // 年 UTF-8
    {"\xeb\x85\x84", CjkRole::Year},  // 년 UTF-8
    {"\x8c\x8e", CjkRole::Month},     // 月 Shift_JIS
    {"\x93\xfa", CjkRole::Day},       // 日 Shift_JIS
    {"\x94\x4e", CjkRole::Year},      // 年 Shift_JIS
    {"\xb7\xee", CjkRole::Month},     // 月 EUC-JP
    {"\xc6\xfc", CjkRole::Day},       // 日 EUC-JP
    {"\xc7\xaf", CjkRole::Year},      // 年 EUC-JP
    {"\xbf\xf9", CjkRole::Month},     // 월 EUC-KR
    {"\xc0\xcf", CjkRole::Day},       // 일 EUC-KR
    {"\xb3\xe2", CjkRole::Year},      // 년 EUC-KR
    {"\xd4\xc2", CjkRole::Month},     // 月 GBK
    {"\xc8\xd5", CjkRole::Day},       // 日 GBK
    {"\xc4\xea", CjkRole::Year},      // 年 GBK
    {"\xa4\xeb", CjkRole::Month},     // 月 Big5
    {"\xa4\xe9", CjkRole::Day},       // 日 Big5
    {"\xa6\x7e", CjkRole::Year},      // 年 Big5
};

} // namespace

int monthFromName(QByteArrayView name)
{
    const qsizetype n = name.size();
    if (n == 3) {
        if (const int m = englishMonth(name[0], name[1], name[2]))
            return m;
    }
    if (n < 2 || n > kLongestMonthName)
        return 0;
    // A month name starts with a letter or a non-ASCII byte: turns away numbers and
    // punctuation before any hashing.
    if (!isAsciiLetter(name[0]) && !isHighByte(name[0]))
        return 0;
    static const MonthTable table;
    // Most tokens asked about are owners and groups: turned away by their first letter
    // and length before any folding or hashing.
    if (!isHighByte(name[0]) && !table.mayHave(foldAsciiLetter(name[0]), n))
        return 0;
    char folded[kLongestMonthName] = {};
    for (qsizetype i = 0; i < n; ++i) {
        const auto c = quint8(name[i]);
        const auto next = i + 1 < n ? quint8(name[i + 1]) : 0;
        if (c == 0xc3 && next >= 0x80 && next <= 0x9e && next != 0x97) {
            // UTF-8 Latin-1 capitals (É, Ä, Ú...): VMS and some `ls` print months in capitals.
            folded[i] = char(c);
            folded[++i] = char(next + 0x20);
        } else if (c == 0xd0 && next >= 0x90 && next <= 0xaf) {
            // UTF-8 Cyrillic capitals А..Я
            folded[i] = char(next < 0xa0 ? 0xd0 : 0xd1);
            folded[++i] = char(next < 0xa0 ? next + 0x20 : next - 0x20);
        } else if (c >= 0xc0 && c <= 0xde && c != 0xd7 && !(next >= 0x80 && next <= 0xbf)) {
            // A single-byte capital: Latin-1 (À..Þ) and windows-1251 (А..Я) both add 0x20.
            folded[i] = char(c + 0x20);
        } else {
            folded[i] = foldAsciiLetter(char(c));
        }
    }
    if (!table.mayHave(folded[0], n))
        return 0;
    return table.find(folded, n);
}

int monthFromNameToken(QByteArrayView token)
{
    // "Jan.," at most: two punctuation marks.
    for (int i = 0; i < 2 && !token.isEmpty() && (token.back() == '.' || token.back() == ','); ++i)
        token.chop(1);
    return monthFromName(token);
}

int expandYear(QByteArrayView digits)
{
    const int value = smallNumber(digits);
    if (value < 0)
        return -1;
    switch (digits.size()) {
    case 2:
        return value >= 69 ? 1900 + value : 2000 + value;
    case 3:
        return 1900 + value;
    case 4:
        return value > 0 ? value : -1;
    default:
        return -1;
    }
}

bool parseClock(QByteArrayView t, Clock *out, bool allowDot)
{
    // Meridiem glued on: "12:09PM", "3:47pm".
    int meridiem = 0; // 0 none, 1 AM, 2 PM
    if (t.size() > 2 && foldCase(t.back()) == 'm') {
        const char ap = foldCase(t[t.size() - 2]);
        if (ap != 'a' && ap != 'p')
            return false;
        meridiem = ap == 'a' ? 1 : 2;
        t.chop(2);
    }
    const qsizetype colon = t.indexOf(':');
    qsizetype sep = colon;
    if (sep < 0 && allowDot)
        sep = t.indexOf('.');
    if (sep < 1 || sep > 2 || t.size() < sep + 3)
        return false;
    const int hour = fixedDigits(t, 0, int(sep));
    const int minute = fixedDigits(t, sep + 1, 2);
    if (hour < 0 || minute < 0 || minute > 59)
        return false;
    Clock c;
    c.hour = hour;
    c.minute = minute;
    qsizetype pos = sep + 3;
    if (pos < t.size()) {
        if (t[pos] != ':' || colon < 0)
            return false;
        const int second = fixedDigits(t, pos + 1, 2);
        if (second < 0 || second > 60) // 60: a leap second, as some servers print it
            return false;
        c.second = qMin(second, 59);
        c.hasSeconds = true;
        pos += 3;
        if (pos < t.size()) {
            // VMS prints hundredths: "10:30:13.64". Dropped: DirEntry keeps seconds at most.
            if (t[pos] != '.' || pos + 1 == t.size() || !allDigits(t.sliced(pos + 1)))
                return false;
        }
    }
    if (meridiem != 0) {
        if (hour < 1 || hour > 12)
            return false;
        c.hour = hour % 12 + (meridiem == 2 ? 12 : 0);
    } else if (hour == 24) {
        if (minute != 0 || c.second != 0)
            return false;
        c.hour = 0;
        c.nextDay = true;
    } else if (hour > 23) {
        return false;
    }
    *out = c;
    return true;
}

bool applyMeridiem(QByteArrayView t, Clock *clock)
{
    if (t.size() != 2 || foldCase(t[1]) != 'm' || clock->nextDay)
        return false;
    const char ap = foldCase(t[0]);
    if ((ap != 'a' && ap != 'p') || clock->hour < 1 || clock->hour > 12)
        return false;
    clock->hour = clock->hour % 12 + (ap == 'p' ? 12 : 0);
    return true;
}

bool parseDate(QByteArrayView t, Order order, QDate *out, Order *evident)
{
    if (t.size() < 5 || t.size() > 24)
        return false;
    // The separator is the first of -/. in the token; both must be the same.
    qsizetype first = -1;
    for (qsizetype i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '-' || c == '/' || c == '.') {
            first = i;
            break;
        }
    }
    if (first < 1)
        return false;
    const char sep = t[first];
    const qsizetype second = t.indexOf(sep, first + 1);
    if (second < 0 || second == first + 1 || second == t.size() - 1 || t.indexOf(sep, second + 1) >= 0)
        return false;
    const QByteArrayView a = t.first(first);
    const QByteArrayView b = t.sliced(first + 1, second - first - 1);
    const QByteArrayView c = t.sliced(second + 1);

    int year = -1;
    int month = 0;
    int day = -1;
    std::optional<Order> proved;
    if (allDigits(a) && a.size() == 4) {
        // YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD (and YYYY-Mon-DD)
        year = expandYear(a);
        month = allDigits(b) ? smallNumber(b) : monthFromName(b);
        day = allDigits(c) && c.size() <= 2 ? smallNumber(c) : -1;
        proved = Order::YearMonthDay;
    } else if (!allDigits(a)) {
        // Mon-DD-YYYY (VxWorks)
        month = monthFromName(a);
        day = allDigits(b) && b.size() <= 2 ? smallNumber(b) : -1;
        year = allDigits(c) ? expandYear(c) : -1;
    } else if (a.size() <= 2 && !allDigits(b)) {
        // DD-Mon-YY[YY] (VMS, NonStop, some ls)
        day = smallNumber(a);
        month = monthFromName(b);
        year = allDigits(c) ? expandYear(c) : -1;
    } else if (a.size() <= 2 && allDigits(b) && b.size() <= 2 && allDigits(c) && c.size() <= 4) {
        const int x = smallNumber(a);
        const int y = smallNumber(b);
        const int z = smallNumber(c);
        Order use = sep == '.' ? Order::DayMonthYear : order;
        if (c.size() > 2 || z > 31) {
            // The year is last; the values may still say which of the others is the day.
            if (x > 12 && y <= 12)
                proved = Order::DayMonthYear;
            else if (y > 12 && x <= 12)
                proved = Order::MonthDayYear;
            if (use == Order::YearMonthDay)
                use = Order::MonthDayYear;
        } else if (x > 31 || x == 0) {
            proved = Order::YearMonthDay;
        } else if (y > 12) {
            if (x > 12)
                return false;
            proved = Order::MonthDayYear; // the middle field is no month
        } else if (x > 12 && use != Order::YearMonthDay) {
            proved = Order::DayMonthYear; // (with year-first as the default, 15/03/12 stays 2015)
        }
        if (proved)
            use = *proved;
        switch (use) {
        case Order::YearMonthDay:
            year = expandYear(a);
            month = y;
            day = z;
            break;
        case Order::DayMonthYear:
            day = x;
            month = y;
            year = expandYear(c);
            break;
        case Order::MonthDayYear:
            month = x;
            day = y;
            year = expandYear(c);
            break;
        }
    } else {
        return false;
    }
    if (year <= 0 || month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    const QDate date = makeDate(year, month, day);
    if (!date.isValid())
        return false;
    *out = date;
    if (evident && proved)
        *evident = *proved;
    return true;
}

bool parseCjkPart(QByteArrayView t, int *value, CjkRole *role)
{
    const qsizetype digits = digitPrefix(t);
    if (digits == 0 || digits > 4 || digits == t.size() || !isHighByte(t[digits]))
        return false;
    const QByteArrayView suffix = t.sliced(digits);
    *value = smallNumber(t.first(digits));
    *role = CjkRole::Unknown;
    for (const CjkSuffix &s : kCjkSuffixes) {
        if (suffix == QByteArrayView(s.bytes)) {
            *role = s.role;
            break;
        }
    }
    return true;
}

QDate makeDate(int year, int month, int day)
{
    static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return {};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0))
        return {};
    // Days since 1970-01-01 (H. Hinnant's days_from_civil), then the Julian day QDate keeps.
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = y / 400; // y >= 0
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    constexpr qint64 kJulianDayOf1970 = 2440588;
    return QDate::fromJulianDay(qint64(era) * 146097 + doe - 719468 + kJulianDayOf1970);
}

void setTimestamp(DirEntry *e, QDate date, const Clock *clock, bool utc)
{
    if (!date.isValid())
        return;
    e->timeIsUtc = utc;
    if (!clock) {
        e->date = date;
        e->timePrecision = DirEntry::TimePrecision::Day;
        return;
    }
    e->date = clock->nextDay ? date.addDays(1) : date;
    // The clock is valid (parseClock checked it): skip QTime's out-of-line validation.
    e->time =
        QTime::fromMSecsSinceStartOfDay(((clock->hour * 60 + clock->minute) * 60 + clock->second) * 1000);
    e->timePrecision = clock->hasSeconds ? DirEntry::TimePrecision::Second : DirEntry::TimePrecision::Minute;
}

bool setEpochTimestamp(DirEntry *e, qint64 seconds)
{
    // QDateTime handles any year up to about 292 million; beyond a few thousand years
    // a "time" is garbage anyway.
    constexpr qint64 kMaxSeconds = qint64(253402300799); // 9999-12-31 23:59:59
    if (seconds < 0 || seconds > kMaxSeconds)
        return false;
    const QDateTime t = QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC);
    e->date = t.date();
    e->time = t.time();
    e->timePrecision = DirEntry::TimePrecision::Second;
    e->timeIsUtc = true;
    return true;
}

} // namespace ferry::dateparsing
