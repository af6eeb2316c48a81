#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace ferry {

// What the server says it can do: the FEAT reply (RFC 2389 §3), one feature per line,
// each line starting with a space. Names are case-insensitive; a feature may carry
// parameters ("MLST type*;size*;modify*;", "REST STREAM").
class Capabilities final {
public:
    static Capabilities fromFeatReply(const QStringList &lines);

    bool has(const QString &feature) const { return m_features.contains(feature.toUpper()); }
    QString parameters(const QString &feature) const { return m_features.value(feature.toUpper()); }
    QStringList names() const { return m_features.keys(); }
    bool isEmpty() const { return m_features.isEmpty(); }

    // Derived facts the engine asks often.
    bool hasMlsd() const { return has(QStringLiteral("MLST")) || has(QStringLiteral("MLSD")); }
    bool hasUtf8() const { return has(QStringLiteral("UTF8")); }
    bool hasMfmt() const { return has(QStringLiteral("MFMT")); }
    bool hasRestStream() const;
    bool hasEpsv() const { return has(QStringLiteral("EPSV")); }

private:
    QHash<QString, QString> m_features; // upper-case name -> parameters
};

} // namespace ferry
