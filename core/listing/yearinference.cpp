#include "yearinference.h"

namespace ferry {

YearInference::YearInference(QDate today)
    : m_today(today)
    , m_latest(today.isValid() ? today.addDays(kFutureSlackDays) : QDate())
{
}

QDate YearInference::infer(int month, int day) const
{
    if (!m_today.isValid() || month < 1 || month > 12 || day < 1 || day > 31)
        return {};
    QDate &cached = m_cache[size_t((month - 1) * 31 + (day - 1))];
    if (cached.isValid())
        return cached;
    // The latest year that does not put the date in the future (beyond the slack). The
    // loop only runs past last year for Feb 29, which needs a leap year.
    for (int year = m_today.year(); year >= m_today.year() - 8; --year) {
        const QDate date(year, month, day);
        if (date.isValid() && date <= m_latest) {
            cached = date;
            break;
        }
    }
    return cached;
}

} // namespace ferry
