#include "sitemanagerdialog.h"

#include "actions/icons.h"
#include "sitechanges.h"
#include "siteeditor.h"
#include "sites/credentialstore.h"
#include "sites/filezillaimport.h"
#include "sites/privatefile.h"
#include "sites/sitestore.h"
#include "sites/sitestorewatcher.h"
#include "sitetreemodel.h"
#include "widgets/messagebanner.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <algorithm>
#include <memory>

namespace ferry {

namespace {

constexpr qint64 kMaxImportSize = 16 * 1024 * 1024;

// "Name", "Name (2)", ... free in `folder` among `sites` (valid or not: the dialog holds
// sites still being typed).
QString uniqueName(const QList<SiteProfile> &sites, const QString &folder, const QString &name)
{
    const auto taken = [&](const QString &candidate) {
        return std::any_of(sites.cbegin(), sites.cend(),
                           [&](const SiteProfile &s) { return s.folder == folder && s.name == candidate; });
    };
    QString candidate = name;
    for (int n = 2; taken(candidate) && n < 100000; ++n)
        candidate = name + QStringLiteral(" (%1)").arg(n);
    return candidate;
}

} // namespace

SiteManagerDialog::SiteManagerDialog(SiteStoreWatcher *store, CredentialStore *credentials, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_credentials(credentials)
    , m_initial(store->store()->sites())
    , m_sites(m_initial)
    , m_initialFolders(store->store()->folders())
    , m_folders(m_initialFolders)
    , m_model(new SiteTreeModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_editor(new SiteEditor(this))
    , m_banner(new MessageBanner(this))
{
    setObjectName(QStringLiteral("siteManager"));
    setWindowTitle(tr("Site Manager"));
    m_model->setIcons(Icons::themed(QStringLiteral("folder")),
                      Icons::themed(QStringLiteral("network-server")));
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(SiteTreeModel::SearchRole);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(makeTreeSide());
    splitter->addWidget(m_editor);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *buttons = new QDialogButtonBox(this);
    m_connect = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setIcon(Icons::themed(QStringLiteral("network-connect")));
    m_ok = buttons->addButton(QDialogButtonBox::Ok);
    buttons->addButton(QDialogButtonBox::Cancel);
    m_connect->setDefault(true);
    connect(m_connect, &QPushButton::clicked, this, [this] { finish(true); });
    connect(m_ok, &QPushButton::clicked, this, [this] { finish(false); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_banner->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    connect(m_editor, &SiteEditor::edited, this, &SiteManagerDialog::onEdited);
    connect(m_editor, &SiteEditor::passwordEdited, this,
            [this](const QString &password) { m_passwords.insert(currentSite(), password); });
    connect(m_editor->showPasswordButton(), &QToolButton::toggled, this, &SiteManagerDialog::onShowPassword);
    // Queued: a drop ends inside the view's drag, which must not see its rows rebuilt.
    connect(m_model, &SiteTreeModel::moveRequested, this, &SiteManagerDialog::moveInto, Qt::QueuedConnection);
    if (!m_credentials) {
        noKeychain(tr("no keychain service was given"));
    } else if (!m_credentials->isAvailable()) {
        noKeychain(m_credentials->unavailableReason());
    } else {
        // One look at the keychain (for no site): tells now, not at OK, whether there is one.
        m_credentials->readPassword(QUuid(), this, [this](CredentialStore::Result result, const QString &) {
            if (result == CredentialStore::Result::Unavailable)
                noKeychain(m_credentials->unavailableReason());
        });
    }
    rebuild(m_sites.isEmpty() ? QUuid() : m_sites.first().id);
    resize(860, 560);
}

SiteManagerDialog::~SiteManagerDialog() = default;

QWidget *SiteManagerDialog::makeTreeSide()
{
    auto *side = new QWidget(this);
    auto *layout = new QVBoxLayout(side);
    layout->setContentsMargins(0, 0, 0, 0);
    m_search = new QLineEdit(side);
    m_search->setObjectName(QStringLiteral("siteSearch"));
    m_search->setPlaceholderText(tr("Search sites…"));
    m_search->setAccessibleName(tr("Search sites"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        m_tree->expandAll();
    });
    m_tree = new QTreeView(side);
    m_tree->setObjectName(QStringLiteral("siteTree"));
    m_tree->setAccessibleName(tr("Sites"));
    m_tree->setModel(m_proxy);
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setDragDropMode(QAbstractItemView::DragDrop);
    m_tree->setDefaultDropAction(Qt::CopyAction);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &SiteManagerDialog::onCurrentChanged);
    connect(m_tree, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.data(SiteTreeModel::KindRole).toInt() == SiteTreeModel::Site && m_connect->isEnabled())
            finish(true);
    });
    layout->addWidget(m_search);
    layout->addWidget(m_tree, 1);

    auto *grid = new QGridLayout;
    const auto button = [side](const QString &text, const QString &icon, const char *name) {
        auto *b = new QPushButton(Icons::themed(icon), text, side);
        b->setObjectName(QLatin1String(name));
        b->setAutoDefault(false);
        return b;
    };
    m_newSite = button(tr("&New Site"), QStringLiteral("list-add"), "newSiteButton");
    m_newFolder = button(tr("New &Folder"), QStringLiteral("folder-new"), "newFolderButton");
    m_rename = button(tr("&Rename"), QStringLiteral("edit-rename"), "renameButton");
    m_duplicate = button(tr("D&uplicate"), QStringLiteral("edit-copy"), "duplicateButton");
    m_delete = button(tr("&Delete"), QStringLiteral("edit-delete"), "deleteButton");
    m_import = new QToolButton(side);
    m_import->setText(tr("&Import / Export"));
    m_import->setIcon(Icons::themed(QStringLiteral("document-import"), QStringLiteral("download")));
    m_import->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_import->setPopupMode(QToolButton::InstantPopup);
    m_import->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto *menu = new QMenu(m_import);
    const auto chooseFile = [this](const QString &title, bool save, auto &&then) {
        auto *dialog = new QFileDialog(this, title);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setAcceptMode(save ? QFileDialog::AcceptSave : QFileDialog::AcceptOpen);
        dialog->setFileMode(save ? QFileDialog::AnyFile : QFileDialog::ExistingFile);
        dialog->setNameFilters(
            {save ? tr("Ferry sites (*.json)") : tr("Site files (*.xml *.json)"), tr("All files (*)")});
        connect(dialog, &QFileDialog::fileSelected, this, then);
        dialog->open();
    };
    menu->addAction(tr("Import from &FileZilla…"), this, [this, chooseFile] {
        chooseFile(tr("Import FileZilla's sitemanager.xml"), false,
                   [this](const QString &path) { importFileZilla(path); });
    });
    menu->addAction(tr("Import Ferry &Sites…"), this, [this, chooseFile] {
        chooseFile(tr("Import Ferry Sites"), false, [this](const QString &path) { importFerry(path); });
    });
    menu->addAction(tr("&Export Ferry Sites…"), this, [this, chooseFile] {
        chooseFile(tr("Export Ferry Sites (without passwords)"), true, [this](const QString &path) {
            QString error;
            if (!exportTo(path, &error))
                m_banner->showMessage(MessageBanner::Type::Error, error);
        });
    });
    m_import->setMenu(menu);
    grid->addWidget(m_newSite, 0, 0);
    grid->addWidget(m_newFolder, 0, 1);
    grid->addWidget(m_rename, 1, 0);
    grid->addWidget(m_duplicate, 1, 1);
    grid->addWidget(m_delete, 2, 0);
    grid->addWidget(m_import, 2, 1);
    layout->addLayout(grid);

    connect(m_newSite, &QPushButton::clicked, this, &SiteManagerDialog::newSite);
    connect(m_newFolder, &QPushButton::clicked, this, [this] { newFolder(tr("New folder")); });
    connect(m_duplicate, &QPushButton::clicked, this, &SiteManagerDialog::duplicateCurrent);
    connect(m_delete, &QPushButton::clicked, this, &SiteManagerDialog::deleteCurrent);
    connect(m_rename, &QPushButton::clicked, this, [this] {
        const QModelIndex index = m_tree->currentIndex();
        if (index.data(SiteTreeModel::KindRole).toInt() == SiteTreeModel::Site) {
            m_editor->nameEdit()->setFocus();
            m_editor->nameEdit()->selectAll();
            return;
        }
        const QString path = index.data(SiteTreeModel::FolderRole).toString();
        auto *input = new QInputDialog(this);
        input->setAttribute(Qt::WA_DeleteOnClose);
        input->setWindowTitle(tr("Rename Folder"));
        input->setLabelText(tr("New name of the folder \"%1\":").arg(path));
        input->setTextValue(path.mid(path.lastIndexOf(QLatin1Char('/')) + 1));
        connect(input, &QInputDialog::textValueSelected, this,
                [this, path](const QString &name) { renameFolder(path, name); });
        input->open();
    });
    return side;
}

qsizetype SiteManagerDialog::indexOf(const QUuid &id) const
{
    for (qsizetype i = 0; i < m_sites.size(); ++i) {
        if (m_sites.at(i).id == id)
            return i;
    }
    return -1;
}

void SiteManagerDialog::rebuild(const QUuid &select, const QString &selectFolder)
{
    m_model->setSites(m_sites, m_folders);
    m_tree->expandAll();
    const QModelIndex source =
        select.isNull() ? m_model->indexOfFolder(selectFolder) : m_model->indexOfSite(select);
    const QModelIndex index = m_proxy->mapFromSource(source);
    if (index.isValid())
        m_tree->setCurrentIndex(index);
    else
        onCurrentChanged();
    updateButtons();
}

QUuid SiteManagerDialog::currentSite() const
{
    const QModelIndex index = m_tree->currentIndex();
    return index.data(SiteTreeModel::KindRole).toInt() == SiteTreeModel::Site
               ? index.data(SiteTreeModel::IdRole).toUuid()
               : QUuid();
}

QString SiteManagerDialog::currentFolder() const
{
    return SiteTreeModel::folderAt(m_tree->currentIndex());
}

void SiteManagerDialog::selectSite(const QUuid &id)
{
    m_tree->setCurrentIndex(m_proxy->mapFromSource(m_model->indexOfSite(id)));
}

void SiteManagerDialog::onCurrentChanged()
{
    const qsizetype at = indexOf(currentSite());
    if (at < 0) {
        m_editor->clear();
    } else {
        m_editor->setSite(m_sites.at(at), m_sites);
        if (m_passwords.contains(m_sites.at(at).id)) // typed before: still there until OK or Cancel
            m_editor->passwordEdit()->setText(m_passwords.value(m_sites.at(at).id));
    }
    if (!m_keychain) {
        m_editor->passwordEdit()->setEnabled(false);
        m_editor->showPasswordButton()->setEnabled(false);
    }
    updateButtons();
}

void SiteManagerDialog::onEdited(const SiteProfile &site)
{
    const qsizetype at = indexOf(site.id);
    if (at < 0)
        return;
    m_sites[at] = site;
    if (QStandardItem *item = m_model->itemFromIndex(m_model->indexOfSite(site.id)))
        item->setText(site.name);
    if (!m_keychain) {
        m_editor->passwordEdit()->setEnabled(false);
        m_editor->showPasswordButton()->setEnabled(false);
    }
    updateButtons();
}

void SiteManagerDialog::onShowPassword(bool show)
{
    QLineEdit *edit = m_editor->passwordEdit();
    const QUuid id = currentSite();
    if (!show) {
        edit->setEchoMode(QLineEdit::Password);
        if (!m_passwords.contains(id))
            edit->clear(); // read for showing only: not kept in the field
        return;
    }
    edit->setEchoMode(QLineEdit::Normal);
    if (m_passwords.contains(id) || !m_credentials)
        return;
    m_credentials->readPassword(
        id, edit, [this, edit, id](CredentialStore::Result result, const QString &text) {
            if (currentSite() != id || !m_editor->showPasswordButton()->isChecked() ||
                m_passwords.contains(id))
                return;
            if (result == CredentialStore::Result::Ok)
                edit->setText(text);
            else if (result == CredentialStore::Result::NotFound)
                edit->setPlaceholderText(tr("No password is stored for this site"));
            else if (result == CredentialStore::Result::Unavailable)
                noKeychain(text);
            else
                m_banner->showMessage(MessageBanner::Type::Error,
                                      tr("The keychain could not be read: %1").arg(text));
        });
}

void SiteManagerDialog::noKeychain(const QString &reason)
{
    if (!m_keychain)
        return; // said once
    m_keychain = false;
    m_banner->clearActions();
    // The reason says what failed (QtKeychain's words); the dialog says what it means here.
    m_banner->showMessage(MessageBanner::Type::Warning,
                          tr("No keychain: passwords cannot be kept, Ferry asks for them when it connects. "
                             "(%1)")
                              .arg(reason));
    auto *ask = new QAction(tr("Ask Each Time"), m_banner);
    ask->setObjectName(QStringLiteral("askEachTime"));
    connect(ask, &QAction::triggered, this, [this] {
        const qsizetype at = indexOf(currentSite());
        if (at < 0 || !m_sites.at(at).storesPassword())
            return;
        m_sites[at].logonType = SiteProfile::LogonType::AskPassword;
        m_editor->setSite(m_sites.at(at), m_sites);
        updateButtons();
    });
    m_banner->addAction(ask);
    m_banner->show();
    m_passwords.clear();
    onCurrentChanged();
}

void SiteManagerDialog::updateButtons()
{
    const QModelIndex index = m_tree->currentIndex();
    const bool isSite = !currentSite().isNull();
    m_rename->setEnabled(index.isValid());
    m_duplicate->setEnabled(isSite);
    m_delete->setEnabled(index.isValid());
    // Every site must be savable: the editor's own check for the one shown (its port as
    // typed), the same check for the others.
    bool valid = !isSite || m_editor->problem().isEmpty();
    for (const SiteProfile &site : std::as_const(m_sites)) {
        const QString problem =
            site.id == currentSite() ? m_editor->problem() : SiteEditor::problemOf(site, m_sites);
        valid = valid && problem.isEmpty();
    }
    // Later: this may run inside the search proxy's own update, which must not see data change.
    QMetaObject::invokeMethod(this, &SiteManagerDialog::markSites, Qt::QueuedConnection);
    m_ok->setEnabled(valid && !m_busy);
    m_connect->setEnabled(valid && isSite && !m_busy);
}

void SiteManagerDialog::markSites()
{
    // A site that cannot be saved shows it in the tree too (it may not be the one shown).
    for (const SiteProfile &site : std::as_const(m_sites)) {
        QStandardItem *item = m_model->itemFromIndex(m_model->indexOfSite(site.id));
        if (!item)
            continue;
        const QString problem =
            site.id == currentSite() ? m_editor->problem() : SiteEditor::problemOf(site, m_sites);
        const QString tip =
            problem.isEmpty()
                ? QStringLiteral("%1://%2:%3").arg(protocolScheme(site.protocol), site.host).arg(site.port)
                : problem;
        if (item->toolTip() == tip)
            continue;
        item->setIcon(Icons::themed(problem.isEmpty() ? QStringLiteral("network-server")
                                                      : QStringLiteral("dialog-warning")));
        item->setToolTip(tip);
    }
}

void SiteManagerDialog::newSite()
{
    SiteProfile site = m_prototype;
    site.id = QUuid::createUuid();
    site.folder = currentFolder();
    site.name = uniqueName(m_sites, site.folder, tr("New site"));
    m_sites.append(site);
    rebuild(site.id);
    m_editor->tabs()->setCurrentIndex(0);
    m_editor->hostEdit()->setFocus();
}

void SiteManagerDialog::newFolder(const QString &name)
{
    const QString parent = currentFolder();
    QString path = SiteProfile::normalizeFolder(parent + QLatin1Char('/') +
                                                QString(name).replace(QLatin1Char('/'), QLatin1Char('-')));
    const auto exists = [this](const QString &p) {
        return m_folders.contains(p) ||
               std::any_of(m_sites.cbegin(), m_sites.cend(), [&](const SiteProfile &s) {
                   return s.folder == p || s.folder.startsWith(p + QLatin1Char('/'));
               });
    };
    const QString base = path;
    for (int n = 2; exists(path) && n < 10000; ++n)
        path = base + QStringLiteral(" (%1)").arg(n);
    m_folders.append(path);
    rebuild({}, path);
}

void SiteManagerDialog::renameFolder(const QString &path, const QString &newName)
{
    const QString name = newName.trimmed().replace(QLatin1Char('/'), QLatin1Char('-'));
    if (name.isEmpty())
        return;
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    const QString renamed = slash < 0 ? name : path.left(slash + 1) + name;
    const auto move = [&](QString &folder) {
        if (folder == path || folder.startsWith(path + QLatin1Char('/')))
            folder = renamed + folder.mid(path.size());
    };
    for (SiteProfile &site : m_sites)
        move(site.folder);
    for (QString &folder : m_folders)
        move(folder);
    rebuild({}, renamed);
}

void SiteManagerDialog::duplicateCurrent()
{
    const qsizetype at = indexOf(currentSite());
    if (at < 0)
        return;
    SiteProfile copy = m_sites.at(at);
    const QUuid from = copy.id;
    copy.id = QUuid::createUuid();
    copy.name = uniqueName(m_sites, copy.folder, copy.name);
    m_sites.append(copy);
    // The copy logs in as the original: its password comes along (typed, else the stored one).
    if (m_passwords.contains(from)) {
        m_passwords.insert(copy.id, m_passwords.value(from));
    } else if (copy.storesPassword() && m_credentials && m_keychain) {
        m_credentials->readPassword(
            from, this, [this, id = copy.id](CredentialStore::Result r, const QString &text) {
                if (r == CredentialStore::Result::Ok && !m_passwords.contains(id) && indexOf(id) >= 0)
                    m_passwords.insert(id, text);
            });
    }
    rebuild(copy.id);
}

void SiteManagerDialog::askDelete(const QString &text, const std::function<void()> &yes)
{
    delete m_question;
    m_question =
        new QMessageBox(QMessageBox::Question, tr("Delete"), text, QMessageBox::Yes | QMessageBox::No, this);
    m_question->setDefaultButton(QMessageBox::No);
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_question, &QMessageBox::finished, this, [this, yes](int answer) {
        m_question = nullptr;
        if (answer == QMessageBox::Yes)
            yes();
    });
    m_question->open();
}

void SiteManagerDialog::deleteCurrent()
{
    const QModelIndex index = m_tree->currentIndex();
    if (!index.isValid())
        return;
    if (const QUuid id = currentSite(); !id.isNull()) {
        askDelete(tr("Delete the site \"%1\"?").arg(index.data().toString()), [this, id] {
            m_sites.removeIf([&](const SiteProfile &s) { return s.id == id; });
            m_passwords.remove(id);
            rebuild();
        });
        return;
    }
    const QString path = index.data(SiteTreeModel::FolderRole).toString();
    const auto inside = [path](const QString &folder) {
        return folder == path || folder.startsWith(path + QLatin1Char('/'));
    };
    const auto count = std::count_if(m_sites.cbegin(), m_sites.cend(),
                                     [&](const SiteProfile &s) { return inside(s.folder); });
    askDelete(tr("Delete the folder \"%1\" and the %n site(s) in it?", nullptr, int(count)).arg(path),
              [this, inside] {
                  m_sites.removeIf([&](const SiteProfile &s) { return inside(s.folder); });
                  m_folders.removeIf(inside);
                  rebuild();
              });
}

void SiteManagerDialog::moveInto(const QList<QUuid> &sites, const QStringList &folders, const QString &into)
{
    for (const QUuid &id : sites) {
        if (const qsizetype at = indexOf(id); at >= 0)
            m_sites[at].folder = into;
    }
    for (const QString &path : folders) {
        // A folder goes inside the target, keeping its name; never into itself.
        if (into == path || into.startsWith(path + QLatin1Char('/')))
            continue;
        const QString moved = SiteProfile::normalizeFolder(into + QLatin1Char('/') +
                                                           path.mid(path.lastIndexOf(QLatin1Char('/')) + 1));
        const auto move = [&](QString &folder) {
            if (folder == path || folder.startsWith(path + QLatin1Char('/')))
                folder = moved + folder.mid(path.size());
        };
        for (SiteProfile &site : m_sites)
            move(site.folder);
        for (QString &folder : m_folders)
            move(folder);
    }
    // Two sites of one name may now share a folder: the editor marks it, OK waits.
    rebuild(sites.value(0));
}

void SiteManagerDialog::report(const QString &title, const QString &text, const QString &details)
{
    delete m_question;
    m_question = new QMessageBox(QMessageBox::Information, title, text, QMessageBox::Close, this);
    m_question->setObjectName(QStringLiteral("importReport"));
    if (!details.isEmpty())
        m_question->setInformativeText(details);
    m_question->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_question, &QMessageBox::finished, this, [this] { m_question = nullptr; });
    m_question->open();
}

void SiteManagerDialog::addImported(QList<SiteProfile> sites, const QHash<QUuid, QString> &passwords,
                                    QStringList *added)
{
    for (SiteProfile &site : sites) {
        if (const qsizetype at = indexOf(site.id); at >= 0) {
            m_sites[at] = site; // Ferry's own export, imported again: the same site
        } else {
            site.name = uniqueName(m_sites, site.folder, site.name);
            m_sites.append(site);
        }
        if (passwords.contains(site.id) && m_keychain)
            m_passwords.insert(site.id, passwords.value(site.id));
        added->append(site.path());
    }
    rebuild(sites.isEmpty() ? QUuid() : sites.first().id);
}

static QByteArray readBounded(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    if (file.size() > kMaxImportSize) {
        *error = SiteManagerDialog::tr("The file is too large to be a list of sites.");
        return {};
    }
    return file.readAll();
}

void SiteManagerDialog::importFileZilla(const QString &path)
{
    QString error;
    const QByteArray data = readBounded(path, &error);
    const auto imported = error.isEmpty() ? FileZillaImport::parse(data, &error) : std::nullopt;
    if (!imported) {
        report(tr("Import from FileZilla"), tr("Nothing was imported from %1.").arg(path), error);
        return;
    }
    QStringList added;
    addImported(imported->sites, imported->passwords, &added);
    QString details = added.isEmpty() ? QString() : tr("Imported: %1").arg(added.join(QLatin1String(", ")));
    if (!imported->warnings.isEmpty())
        details += QLatin1String("\n\n") + tr("Skipped or changed:") + QStringLiteral("\n• ") +
                   imported->warnings.join(QStringLiteral("\n• "));
    if (!imported->passwords.isEmpty())
        details +=
            QLatin1String("\n\n") + (m_keychain ? tr("Passwords go to the keychain when you press OK.")
                                                : tr("Passwords were not imported: there is no keychain."));
    report(tr("Import from FileZilla"),
           tr("%n site(s) imported; nothing is saved until you press OK.", nullptr, int(added.size())),
           details.trimmed());
}

void SiteManagerDialog::importFerry(const QString &path)
{
    QString error;
    const QByteArray data = readBounded(path, &error);
    QStringList folders;
    const auto sites = error.isEmpty()
                           ? SiteStore::parseDocument(data, &error, nullptr, nullptr, false, &folders)
                           : std::nullopt;
    if (!sites) {
        report(tr("Import Ferry Sites"), tr("Nothing was imported from %1.").arg(path), error);
        return;
    }
    for (const QString &folder : std::as_const(folders)) {
        if (!m_folders.contains(folder))
            m_folders.append(folder);
    }
    QStringList added;
    addImported(*sites, {}, &added);
    report(tr("Import Ferry Sites"),
           tr("%n site(s) imported; nothing is saved until you press OK.", nullptr, int(added.size())),
           added.join(QLatin1String(", ")));
}

bool SiteManagerDialog::exportTo(const QString &path, QString *error)
{
    return savePrivateFile(path, SiteStore::toDocument(m_sites, m_folders), error);
}

void SiteManagerDialog::apply(const std::function<void(bool)> &done)
{
    m_busy = true;
    updateButtons();
    m_folders.removeDuplicates(); // a folder moved where one of its name was
    const SiteChanges changes{m_initial, m_sites, m_passwords, m_keychain, m_initialFolders, m_folders};
    changes.apply(m_store, m_credentials, this, [this, done](bool saved, const QStringList &problems) {
        if (saved) {
            m_initial = m_sites = m_store->store()->sites();
            m_initialFolders = m_folders = m_store->store()->folders();
            m_passwords.clear();
        }
        if (!problems.isEmpty())
            m_banner->showMessage(MessageBanner::Type::Error, problems.join(QLatin1Char('\n')));
        m_busy = false;
        updateButtons();
        if (saved)
            Q_EMIT this->saved();
        done(saved && problems.isEmpty());
    });
}

void SiteManagerDialog::finish(bool connectAfter)
{
    const QUuid site = currentSite();
    apply([this, connectAfter, site](bool ok) {
        if (!ok)
            return; // the banner says why; the dialog stays
        accept();
        if (connectAfter)
            Q_EMIT connectRequested(site);
    });
}

} // namespace ferry
