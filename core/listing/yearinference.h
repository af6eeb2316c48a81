#pragma once

#include <QDate>

#include <array>

namespace ferry {

// The year of a date listed without one ("Mar  3 12:15"): `ls` prints the time instead of
// the year for files modified within the last six months, so the year is the latest one
// that does not put the date more than a couple of days after "today" (allowing for clock
// skew and time zones between client and server). Without a valid today, unknown.
class YearInference final {
public:
    // How far after "today" a yearless date may lie and still be this year.
    static constexpr int kFutureSlackDays = 2;

    explicit YearInference(QDate today);

    bool isValid() const { return m_today.isValid(); }
    // month 1..12, day 1..31; an invalid date when there is no today or no such day.
    QDate infer(int month, int day) const;

private:
    QDate m_today;
    QDate m_latest; // m_today + kFutureSlackDays
    // The answer never changes within a listing, and listings repeat a few dates over
    // and over.
    mutable std::array<QDate, 12 * 31> m_cache;
};

} // namespace ferry
