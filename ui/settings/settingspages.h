#pragma once

#include "appsettings.h"

#include <QWidget>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace ferry {

// The pages of the settings dialog. Each shows its part of an AppSettings, reads it back,
// marks its invalid fields (FieldMarks) and says edited() on any change.

class TransfersPage final : public QWidget {
    Q_OBJECT
public:
    explicit TransfersPage(QWidget *parent = nullptr);
    void display(const AppSettings &settings);
    void read(AppSettings &settings) const;
    // Marks the fields `settings` has problems with; the first problem, or "".
    QString check(const AppSettings &settings);

    QSpinBox *perSiteBox() const { return m_perSite; }
    QSpinBox *totalBox() const { return m_total; }
    QSpinBox *retriesBox() const { return m_retries; }
    QDoubleSpinBox *retryDelayBox() const { return m_retryDelay; }
    QComboBox *overwriteBox() const { return m_overwrite; }
    QComboBox *typeBox() const { return m_type; }
    QLineEdit *asciiEdit() const { return m_ascii; }
    QCheckBox *preserveBox() const { return m_preserve; }
    QSpinBox *downloadLimitBox() const { return m_download; }
    QSpinBox *uploadLimitBox() const { return m_upload; }

Q_SIGNALS:
    void edited();

private:
    QSpinBox *m_perSite;
    QSpinBox *m_total;
    QSpinBox *m_retries;
    QDoubleSpinBox *m_retryDelay;
    QComboBox *m_overwrite;
    QComboBox *m_type;
    QLineEdit *m_ascii;
    QCheckBox *m_preserve;
    QSpinBox *m_download;
    QSpinBox *m_upload;
};

class ConnectionPage final : public QWidget {
    Q_OBJECT
public:
    explicit ConnectionPage(QWidget *parent = nullptr);
    void display(const AppSettings &settings);
    void read(AppSettings &settings) const;

    QSpinBox *timeoutBox() const { return m_timeout; }
    QSpinBox *keepAliveBox() const { return m_keepAlive; }
    QButtonGroup *dataModeGroup() const { return m_mode; }
    QComboBox *newSiteBox() const { return m_newSite; }

Q_SIGNALS:
    void edited();

private:
    QSpinBox *m_timeout;
    QSpinBox *m_keepAlive;
    QButtonGroup *m_mode;
    QComboBox *m_newSite;
};

class InterfacePage final : public QWidget {
    Q_OBJECT
public:
    explicit InterfacePage(QWidget *parent = nullptr);
    void display(const AppSettings &settings);
    void read(AppSettings &settings) const;

    QButtonGroup *doubleClickGroup() const { return m_doubleClick; }
    QCheckBox *showHiddenBox() const { return m_showHidden; }
    QCheckBox *confirmDeletesBox() const { return m_confirmDeletes; }
    QComboBox *languageBox() const { return m_language; }

Q_SIGNALS:
    void edited();

private:
    QButtonGroup *m_doubleClick;
    QCheckBox *m_showHidden;
    QCheckBox *m_confirmDeletes;
    QComboBox *m_language;
};

} // namespace ferry
