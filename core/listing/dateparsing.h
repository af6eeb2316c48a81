#pragma once

#include "direntry.h"

#include <QByteArrayView>
#include <QDate>

// Date and time pieces as listings print them. Shared by the line formats, which differ in
// how they arrange these pieces far more than in the pieces themselves.
namespace ferry::dateparsing {

// 1..12 for a month name, 0 otherwise: English (abbreviated and full) and the names `ls`
// prints under other locales (French, German, Spanish, Italian, Portuguese, Dutch,
// Swedish, Danish/Norwegian, Finnish, Polish, Hungarian, Turkish, Russian), in UTF-8 and
// the legacy 8-bit charsets those servers used (Latin-1, windows-1251). ASCII case is
// ignored; the caller strips a trailing '.' or ','.
int monthFromName(QByteArrayView name);

// A month name possibly followed by '.' and/or ',' ("janv.", "Juli,", "Jan.,").
int monthFromNameToken(QByteArrayView token);

// Digits of a year: 4 digits as they are; 2 digits by the POSIX %y rule (69-99 are 19xx,
// 00-68 are 20xx); 3 digits are years since 1900 ("103" from servers with a Y2K bug).
// -1 otherwise.
int expandYear(QByteArrayView digits);

struct Clock {
    int hour = 0;
    int minute = 0;
    int second = 0;
    bool hasSeconds = false;
    bool nextDay = false; // "24:00": the midnight at the end of the day
};

// "H:MM", "HH:MM", "HH:MM:SS", "HH:MM:SS.ff" (the fraction is dropped), optionally with
// "AM"/"PM" glued on ("12:09PM"). allowDot also takes "HH.MM" (some localized time styles).
bool parseClock(QByteArrayView t, Clock *out, bool allowDot = false);

// A separate "AM"/"PM" token after a clock; false (clock untouched) when it is not one.
bool applyMeridiem(QByteArrayView t, Clock *clock);

// How a date of three two-digit fields is read when the values themselves do not say
// (when one field is over 31 it is the year; over 12, the day).
enum class Order : quint8 {
    MonthDayYear, // US: 04-27-00, 02/23/00
    DayMonthYear, // most of Europe: 23/02/00 (a dot separator always means this: 18.09.06)
    YearMonthDay, // OS-9, IBM i *YMD: 07/03/29
};

// Three fields split by '-', '/' or '.', all the same: YYYY-MM-DD, MM-DD-YY[YY],
// DD.MM.YY[YY], DD-Mon-YY[YY], Mon-DD-YYYY, YY/MM/DD. Month names may be in any language
// monthFromName knows. *evident, when given, receives the order the values proved (a
// field over 12 or 31, a four-digit year) and is left alone when `order` decided.
bool parseDate(QByteArrayView t, Order order, QDate *out, Order *evident = nullptr);

// What a CJK suffix says a number is: "3月" / "3월" month, "15日" / "15일" day, "2020年" /
// "2020년" year, in UTF-8, Shift_JIS, EUC-JP, EUC-KR, GBK and Big5.
enum class CjkRole : quint8 { Unknown, Year, Month, Day };

// Digits followed by a suffix whose first byte is not ASCII ("3月", "2003\x94\x4e"), as
// `ls` prints dates under CJK locales. The number and the suffix's role.
bool parseCjkPart(QByteArrayView t, int *value, CjkRole *role);

// QDate(year, month, day) without Qt's out-of-line calendar code (proleptic Gregorian,
// years 1 to 9999, as QDate has them); invalid for a day that does not exist.
QDate makeDate(int year, int month, int day);

// Fills date, time and precision of `e` (Minute or Second from the clock, Day without one).
// A "24:00" clock moves to 00:00 of the next day.
void setTimestamp(DirEntry *e, QDate date, const Clock *clock, bool utc = false);

// Seconds since 1970 (UTC) into `e`, Second precision; false when out of QDateTime's range.
bool setEpochTimestamp(DirEntry *e, qint64 seconds);

} // namespace ferry::dateparsing
