#pragma once

// What the site manager's tests share: driving its widgets, waiting for its questions,
// reading the keychain, looking for a secret in files.
#include "actions/actions.h"
#include "browser/sitetab.h"
#include "mainwindow.h"
#include "prompts/passworddialog.h"
#include "prompts/promptbroker.h"
#include "sites/bookmarksdialog.h"
#include "sites/credentialstore.h"
#include "sites/siteeditor.h"
#include "sites/sitemanagerdialog.h"
#include "sites/sitemenus.h"
#include "sites/sitestore.h"
#include "sites/sitestorewatcher.h"
#include "sitetreemodel.h"
#include "transfer/pluraltranslator.h"
#include "uitestutil.h"
#include "widgets/messagebanner.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDirIterator>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeView>

namespace ferry::test {

inline bool withKeychain()
{
    return !qEnvironmentVariableIsEmpty("FERRY_TEST_KEYCHAIN");
}

inline void screenshot(QWidget *w, const QString &name)
{
    saveScreenshot(w, name + (withKeychain() ? QString() : QStringLiteral("-nokeychain")));
}

inline QPushButton *button(QWidget *dialog, const char *name)
{
    auto *b = dialog->findChild<QPushButton *>(QLatin1String(name));
    if (!b)
        qWarning("no button %s", name);
    return b;
}

inline void typeInto(QLineEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

inline void choose(QComboBox *box, const QVariant &data)
{
    const int index = box->findData(data);
    QVERIFY2(index >= 0, qPrintable(data.toString()));
    box->setCurrentIndex(index);
    Q_EMIT box->activated(index);
}

// Waits for the dialog's current confirmation or report and answers it.
inline bool answer(SiteManagerDialog *dialog, QMessageBox::StandardButton which, QString *text = nullptr)
{
    if (!QTest::qWaitFor([&] { return dialog->pendingQuestion() != nullptr; }, 5000))
        return false;
    QMessageBox *box = dialog->pendingQuestion();
    if (text)
        *text = box->text() + QLatin1Char('\n') + box->informativeText();
    QAbstractButton *b = box->button(which);
    if (!b)
        return false;
    b->click();
    return QTest::qWaitFor([&] { return dialog->pendingQuestion() == nullptr; }, 5000);
}

// Every file under the roots, read whole: does any contain `secret`?
inline QString fileContaining(const QStringList &roots, const QString &secret)
{
    for (const QString &root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.open(QIODevice::ReadOnly) && f.readAll().contains(secret.toUtf8()))
                return f.fileName();
        }
    }
    return {};
}

struct Keychain {
    CredentialStore::Result result = CredentialStore::Result::Failed;
    QString text;
};

inline Keychain readKeychain(CredentialStore *store, const QUuid &id)
{
    Keychain k;
    bool done = false;
    QObject context;
    store->readPassword(id, &context, [&](CredentialStore::Result r, const QString &t) {
        k = {r, t};
        done = true;
    });
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        k.text = QStringLiteral("the keychain did not answer");
    return k;
}

} // namespace ferry::test
