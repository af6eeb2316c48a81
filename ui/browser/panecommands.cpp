#include "panecommands.h"

#include "browserpage.h"
#include "pane.h"
#include "panecontroller.h"
#include "paneview.h"
#include "permissions.h"
#include "prompts/permissionsdialog.h"
#include "remote/directorylister.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>
#include <algorithm>

namespace ferry {

PaneCommands::PaneCommands(BrowserPage *page, SiteTab *tab, QObject *parent)
    : QObject(parent)
    , m_page(page)
    , m_tab(tab)
{
}

Pane *PaneCommands::active() const
{
    return m_page->activePane();
}

void PaneCommands::transfer(SiteTab::Start start)
{
    Pane *pane = active();
    m_tab->transfer(pane->controller()->side(), pane->selectedEntries(), start);
}

void PaneCommands::moveToOtherSide()
{
    Pane *pane = active();
    const QList<DirEntry> entries = pane->selectedEntries();
    if (entries.isEmpty())
        return;
    const SiteTab::Side side = pane->controller()->side();
    const auto move = [tab = m_tab, side, entries] {
        tab->transfer(side, entries, SiteTab::Start::Now, SiteTab::Mode::Move);
    };
    if (!m_confirmDeletes) {
        move();
        return;
    }
    const bool remote = pane->controller()->isRemote();
    const QString what = entries.size() == 1
                             ? QStringLiteral("<b>%1</b>").arg(entries.first().name.toHtmlEscaped())
                             : tr("these %n items", nullptr, int(entries.size()));
    const QString target = m_page->otherPane(pane)->controller()->path().toHtmlEscaped();
    auto *box =
        new QMessageBox(QMessageBox::Question,
                        remote ? tr("Download and Delete From Server") : tr("Upload and Delete Local Copy"),
                        remote ? tr("Download %1 to %2, then delete it from the server?").arg(what, target)
                               : tr("Upload %1 to %2, then delete the local copy?").arg(what, target),
                        QMessageBox::Cancel, m_page->window());
    box->setInformativeText(tr("Each file is deleted once its copy is complete and its size checked; a "
                               "folder once everything in it has moved. What fails or is skipped stays."));
    box->setObjectName(QStringLiteral("moveConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(tr("&Move"), QMessageBox::AcceptRole);
    box->setDefaultButton(yes);
    connect(yes, &QPushButton::clicked, this, move);
    box->open();
}

void PaneCommands::open()
{
    Pane *pane = active();
    m_tab->openEntries(pane->controller()->side(), pane->selectedEntries(), RemoteEditor::Mode::View);
}

void PaneCommands::edit()
{
    Pane *pane = active();
    m_tab->openEntries(pane->controller()->side(), pane->selectedEntries(), RemoteEditor::Mode::Edit);
}

void PaneCommands::editWith()
{
    Pane *pane = active();
    const QList<DirEntry> entries = pane->selectedEntries();
    const auto file =
        std::find_if(entries.cbegin(), entries.cend(), [](const DirEntry &e) { return !e.isDir; });
    if (file == entries.cend())
        return;
    const PaneController::Side side = pane->controller()->side();
    askName(tr("Edit With"), tr("Command to open %1 with (its path is added at the end):").arg(file->name),
            m_tab->editor()->lastCommand(), [this, side, entries](const QString &command) {
                m_tab->openEntries(side, entries, RemoteEditor::Mode::Edit, command);
            });
}

void PaneCommands::askName(const QString &title, const QString &label, const QString &suggestion,
                           const std::function<void(const QString &)> &then)
{
    auto *dialog = new QInputDialog(m_page->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    dialog->setLabelText(label);
    dialog->setTextValue(suggestion);
    dialog->setObjectName(QStringLiteral("nameDialog"));
    connect(dialog, &QInputDialog::textValueSelected, this, [then](const QString &text) {
        if (!text.trimmed().isEmpty())
            then(text.trimmed());
    });
    dialog->open();
}

void PaneCommands::newFolder()
{
    PaneController *c = active()->controller();
    askName(tr("New Folder"), tr("Name of the new folder in %1:").arg(c->path()),
            c->freeName(tr("New folder")), [c](const QString &name) { c->makeFolder(name); });
}

void PaneCommands::newFile()
{
    PaneController *c = active()->controller();
    askName(tr("New Empty File"), tr("Name of the new file in %1:").arg(c->path()),
            c->freeName(tr("New file.txt")), [c](const QString &name) { c->makeFile(name); });
}

void PaneCommands::rename()
{
    PaneView *view = active()->view();
    const QModelIndex current = view->currentIndex();
    if (current.isValid())
        view->edit(current.siblingAtColumn(0));
}

void PaneCommands::remove(bool permanently)
{
    Pane *pane = active();
    const QList<DirEntry> entries = pane->selectedEntries();
    if (entries.isEmpty())
        return;
    PaneController *c = pane->controller();
    if (!m_confirmDeletes) {
        c->remove(entries, permanently);
        return;
    }
    const bool trash = !c->isRemote() && !permanently;
    const QString what = entries.size() == 1
                             ? QStringLiteral("<b>%1</b>").arg(entries.first().name.toHtmlEscaped())
                             : tr("these %n items", nullptr, int(entries.size()));
    auto *box = new QMessageBox(
        QMessageBox::Question, trash ? tr("Move to Trash") : tr("Delete"),
        trash ? tr("Move %1 to the trash?").arg(what)
        : c->isRemote()
            ? tr("Delete %1 from the server? Folders are deleted with everything in them.").arg(what)
            : tr("Delete %1 for good? Folders are deleted with everything in them.").arg(what),
        QMessageBox::Cancel, m_page->window());
    box->setObjectName(QStringLiteral("deleteConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(trash ? tr("Move to &Trash") : tr("&Delete"), QMessageBox::AcceptRole);
    box->setDefaultButton(yes);
    connect(yes, &QPushButton::clicked, this, [c, entries, permanently] { c->remove(entries, permanently); });
    box->open();
}

void PaneCommands::permissions()
{
    Pane *pane = active();
    const QList<DirEntry> entries = pane->selectedEntries();
    if (entries.isEmpty())
        return;
    QList<PermissionsDialog::Target> targets;
    for (const DirEntry &e : entries)
        targets.append({e.name, e.isDir && !e.isLink, Permissions::parse(e.permissions)});
    auto *dialog = new PermissionsDialog(targets, m_page->window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    PaneController *c = pane->controller();
    connect(dialog, &QDialog::accepted, this,
            [c, dialog, entries] { c->changePermissions(entries, dialog->change()); });
    dialog->open();
}

void PaneCommands::copy()
{
    Pane *pane = active();
    const QList<DirEntry> entries = pane->selectedEntries();
    if (!entries.isEmpty())
        QGuiApplication::clipboard()->setMimeData(m_tab->copy(pane->controller()->side(), entries));
}

void PaneCommands::paste()
{
    PaneController *c = active()->controller();
    if (!m_tab->drop(c->side(), QGuiApplication::clipboard()->mimeData(), c->path()))
        active()->showWarning(tr("Nothing to paste here: copy files in the other pane first (Ctrl+C), "
                                 "then paste them here to transfer them."));
}

void PaneCommands::copyUrl()
{
    Pane *pane = active();
    PaneController *c = pane->controller();
    QStringList urls;
    for (const DirEntry &e : pane->selectedEntries())
        urls.append(m_tab->urlOf(c->side(), DirectoryLister::childPath(c->path(), e.name)));
    if (!urls.isEmpty())
        QGuiApplication::clipboard()->setText(urls.join(QLatin1Char('\n')));
}

void PaneCommands::copyPath()
{
    Pane *pane = active();
    PaneController *c = pane->controller();
    QStringList paths;
    for (const DirEntry &e : pane->selectedEntries())
        paths.append(DirectoryLister::childPath(c->path(), e.name));
    if (paths.isEmpty())
        paths.append(c->path());
    QGuiApplication::clipboard()->setText(paths.join(QLatin1Char('\n')));
}

void PaneCommands::selectAll()
{
    active()->view()->selectAll();
}

void PaneCommands::filter()
{
    active()->showFilter();
}

void PaneCommands::refresh()
{
    active()->controller()->refresh();
}

void PaneCommands::back()
{
    active()->controller()->back();
}

void PaneCommands::forward()
{
    active()->controller()->forward();
}

void PaneCommands::up()
{
    active()->controller()->up();
}

void PaneCommands::editLocation()
{
    active()->editLocation();
}

void PaneCommands::switchPane()
{
    Pane *other = m_page->otherPane(active());
    m_page->setActivePane(other);
    other->view()->setFocus(Qt::TabFocusReason);
}

void PaneCommands::setShowHidden(bool show)
{
    m_tab->local()->setShowHidden(show);
    m_tab->remote()->setShowHidden(show);
}

} // namespace ferry
