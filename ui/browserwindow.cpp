#include "browserwindow.h"

#include "remote/certificaterequest.h"
#include "remote/certificatestore.h"
#include "remote/remotesession.h"
#include "remote/sessionfactory.h"
#include "remotelistingmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace ferry {

BrowserWindow::BrowserWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_model(new RemoteListingModel(this))
    , m_certificates(std::make_unique<CertificateStore>(CertificateStore::defaultPath()))
{
    setWindowTitle(tr("Ferry"));
    auto *toolbar = addToolBar(tr("Navigation"));
    toolbar->setMovable(false);
    QAction *up = toolbar->addAction(tr("Up"));
    up->setToolTip(tr("Go to the parent folder"));
    connect(up, &QAction::triggered, this, &BrowserWindow::goUp);
    m_address = new QLineEdit(this);
    m_address->setPlaceholderText(tr("ftp://user@host/folder/"));
    m_address->setClearButtonEnabled(true);
    toolbar->addWidget(m_address);
    QAction *go = toolbar->addAction(tr("Connect"));
    connect(go, &QAction::triggered, this, [this] { openUrl(m_address->text()); });
    connect(m_address, &QLineEdit::returnPressed, this, [this] { openUrl(m_address->text()); });

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    // Errors show inline, not as a modal box per failure (CONVENTIONS.md).
    m_banner = new QLabel(central);
    m_banner->setWordWrap(true);
    m_banner->setStyleSheet(QStringLiteral("QLabel { background: #fdecea; color: #611a15; padding: 6px; }"));
    m_banner->hide();
    layout->addWidget(m_banner);

    auto *splitter = new QSplitter(Qt::Vertical, central);
    m_view = new QTableView(splitter);
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(RemoteListingModel::NameColumn, QHeaderView::Stretch);
    m_view->setWordWrap(false);
    connect(m_view, &QTableView::activated, this, &BrowserWindow::onActivated);
    m_log = new QPlainTextEdit(splitter);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setPlaceholderText(tr("Protocol log"));
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);
    setCentralWidget(central);
    statusBar()->showMessage(tr("Not connected"));
    m_security = new QLabel(this);
    statusBar()->addPermanentWidget(m_security);
    resize(900, 600);
}

BrowserWindow::~BrowserWindow() = default;

void BrowserWindow::openUrl(const QString &text)
{
    QString error;
    const auto url = FtpUrl::parse(text.trimmed(), &error);
    if (!url) {
        showError(error);
        return;
    }
    const bool sameServer = m_session && m_url.host == url->host && m_url.port == url->port &&
                            m_url.user == url->user && m_url.password == url->password;
    m_url = *url;
    if (!sameServer) {
        SessionConfig config;
        url->applyTo(config);
        config.certificateStore = m_certificates.get();
        QString problem;
        m_session.reset(createRemoteSession(config, nullptr, &problem));
        if (!m_session) {
            showError(problem);
            return;
        }
        connect(m_session.get(), &RemoteSession::questionAsked, this, [this](Question *question) {
            if (auto *request = qobject_cast<CertificateRequest *>(question))
                askCertificate(request);
            else
                question->decline();
        });
        connect(m_session.get(), &RemoteSession::transcript, this,
                [this](const TranscriptLine &line) { m_log->appendPlainText(line.marked()); });
    }
    QString path = url->path;
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    listPath(path);
}

void BrowserWindow::listPath(const QString &path)
{
    if (!m_session)
        return;
    m_url.path = path;
    m_address->setText(m_url.toDisplayString());
    statusBar()->showMessage(tr("Listing %1…").arg(path));
    RemoteCall *op = m_session->list(path);
    connect(op, &RemoteCall::finished, this, [this, op, path] {
        if (!op->succeeded()) {
            showError(op->error().toString());
            statusBar()->showMessage(tr("Failed"));
            return;
        }
        m_banner->hide();
        m_security->setText(
            m_session->isEncrypted()
                ? tr("Encrypted (%1)").arg(m_session->securityDescription())
                : tr("NOT ENCRYPTED: the password and files cross the network in clear text"));
        m_model->setEntries(op->entries());
        statusBar()->showMessage(tr("%n item(s) in %1", nullptr, int(op->entries().size())).arg(path));
        Q_EMIT listingShown(path);
    });
}

void BrowserWindow::goUp()
{
    QString path = m_url.path;
    if (path.size() <= 1)
        return;
    path.chop(1);
    listPath(path.left(path.lastIndexOf(QLatin1Char('/')) + 1));
}

void BrowserWindow::onActivated(const QModelIndex &index)
{
    const DirEntry *entry = m_model->entryAt(index.row());
    if (entry && entry->isDir && !entry->hasUnsafeName())
        listPath(m_url.path + entry->name + QLatin1Char('/'));
}

void BrowserWindow::askCertificate(CertificateRequest *request)
{
    // The engine waits for the answer; nothing secret has been sent yet.
    QMessageBox box(this);
    box.setIcon(request->isChanged() ? QMessageBox::Critical : QMessageBox::Warning);
    box.setWindowTitle(request->isChanged() ? tr("Certificate changed") : tr("Untrusted certificate"));
    box.setText(request->describe());
    QPushButton *reject = box.addButton(tr("Reject"), QMessageBox::RejectRole);
    QPushButton *once = box.addButton(tr("Accept once"), QMessageBox::AcceptRole);
    QPushButton *always = box.addButton(tr("Trust always"), QMessageBox::YesRole);
    box.setDefaultButton(reject);
    box.exec();
    if (box.clickedButton() == always)
        request->answer(CertificateRequest::Answer::TrustAlways);
    else if (box.clickedButton() == once)
        request->answer(CertificateRequest::Answer::AcceptOnce);
    else
        request->answer(CertificateRequest::Answer::Reject);
}

void BrowserWindow::showError(const QString &text)
{
    m_banner->setText(text);
    m_banner->show();
}

} // namespace ferry
