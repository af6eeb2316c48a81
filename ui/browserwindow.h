#pragma once

#include "sites/ftpurl.h"

#include <QMainWindow>
#include <memory>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;

namespace ferry {

class CertificateRequest;
class CertificateStore;
class RemoteSession;
class RemoteListingModel;

// A single-pane remote browser: an address bar, the folder's entries and the protocol
// log. The dual-pane browser of the GUI issue grows from here. It never blocks: every
// engine call returns at once and the window updates when the operation finishes.
class BrowserWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BrowserWindow)
public:
    explicit BrowserWindow(QWidget *parent = nullptr);
    ~BrowserWindow() override;

    // Connects (if the server differs) and lists the URL's folder.
    void openUrl(const QString &text);
    RemoteListingModel *model() const { return m_model; }
    QString currentPath() const { return m_url.path; }

Q_SIGNALS:
    void listingShown(const QString &path); // for tests and the status bar

private:
    void listPath(const QString &path);
    void goUp();
    void onActivated(const QModelIndex &index);
    void showError(const QString &text);
    void askCertificate(CertificateRequest *request);

    QLineEdit *m_address = nullptr;
    QTableView *m_view = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_security = nullptr;
    RemoteListingModel *m_model = nullptr;
    std::unique_ptr<CertificateStore> m_certificates;
    std::unique_ptr<RemoteSession> m_session;
    FtpUrl m_url;
};

} // namespace ferry
