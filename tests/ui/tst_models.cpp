// ui/models without a window and without a server: DirectoryModel fed by a scripted lister
// (batches, the refresh diff, our own changes), DirectorySortProxy (natural order in the
// user's language, folders first, every column, the filter, hidden files, selection kept
// across refreshes and sorts), FolderTreeModel and TranscriptModel. Every model runs under
// QAbstractItemModelTester.
#include "directorymodel.h"
#include "directorysortproxy.h"
#include "foldertreemodel.h"
#include "formatting.h"
#include "namecollator.h"
#include "remote/directorylister.h"
#include "remote/listingcache.h"
#include "transcriptmodel.h"
#include "transfer/pluraltranslator.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>
#include <tuple>

using namespace ferry;

namespace {

class ScriptedLister final : public DirectoryLister {
public:
    explicit ScriptedLister(ListingCache *cache = nullptr)
        : DirectoryLister(QStringLiteral("scripted"), cache, nullptr)
    {
    }
    void batch(const QList<DirEntry> &entries) { listingBatch(entries); }
    void done(const QList<DirEntry> &all) { listingDone(all); }
    void fail(const RemoteError &error) { listingFailed(error); }

protected:
    void startListing(const QString &) override {}
    void cancelListing() override {}
};

// A scripted lister, its model and the proxy over it, both models under
// QAbstractItemModelTester.
struct Stack {
    ListingCache cache;
    ScriptedLister lister{&cache};
    DirectoryModel model;
    DirectorySortProxy proxy;
    QAbstractItemModelTester modelTester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QAbstractItemModelTester proxyTester{&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest};
    Stack()
    {
        model.setLister(&lister);
        proxy.setSourceModel(&model);
    }
    std::tuple<ScriptedLister &, DirectoryModel &, DirectorySortProxy &> parts()
    {
        return {lister, model, proxy};
    }
};

DirEntry file(const QString &name, qint64 size = 0, int day = 1)
{
    DirEntry e;
    e.name = name;
    e.size = size;
    e.date = QDate(2024, 3, day);
    e.time = QTime(12, 0);
    e.timePrecision = DirEntry::TimePrecision::Minute;
    e.permissions = QStringLiteral("-rw-r--r--");
    e.owner = QStringLiteral("ann");
    e.group = QStringLiteral("staff");
    return e;
}

DirEntry folder(const QString &name)
{
    DirEntry e = file(name);
    e.isDir = true;
    e.size = -1;
    e.permissions = QStringLiteral("drwxr-xr-x");
    return e;
}

QStringList shownNames(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, 0).data(DirectoryModel::NameRole).toString());
    return names;
}

QList<DirEntry> files(int from, int to, const QString &pattern = QStringLiteral("file%1.dat"))
{
    QList<DirEntry> list;
    for (int i = from; i < to; ++i)
        list.append(file(pattern.arg(i), i));
    return list;
}

} // namespace

class TestModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void naturalOrder_data();
    void naturalOrder();
    void batchesInsertNeverReset();
    void bigBatchInSlices();
    void sortBySizeKeepsTheRules();
    void refreshIsADiffAndKeepsSelection();
    void ownChangesWithoutListing();
    void sortColumns_data();
    void sortColumns();
    void filterAndHidden();
    void renameRequest();
    void totalsAndFormatting();
    void errorPassesThrough();
    void folderTree();
    void transcriptCappedAndMasked();
};

void TestModels::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    installEnglishPlurals(QCoreApplication::instance());
}

void TestModels::naturalOrder_data()
{
    QTest::addColumn<QStringList>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("numbers") << QStringList{QStringLiteral("file10"), QStringLiteral("file2"),
                                            QStringLiteral("file1")}
                             << QStringList{QStringLiteral("file1"), QStringLiteral("file2"),
                                            QStringLiteral("file10")};
    QTest::newRow("case-and-accents")
        << QStringList{QStringLiteral("b"), QStringLiteral("\u00e9t\u00e9"), QStringLiteral("A"),
                       QStringLiteral("ete"), QStringLiteral("a")}
        << QStringList{QStringLiteral("a"), QStringLiteral("A"), QStringLiteral("b"), QStringLiteral("ete"),
                       QStringLiteral("\u00e9t\u00e9")};
    QTest::newRow("long-common-prefix") << QStringList{QStringLiteral("photo-2024-03-15 (12).jpg"),
                                                       QStringLiteral("photo-2024-03-15 (3).jpg")}
                                        << QStringList{QStringLiteral("photo-2024-03-15 (3).jpg"),
                                                       QStringLiteral("photo-2024-03-15 (12).jpg")};
}

void TestModels::naturalOrder()
{
    QFETCH(QStringList, input);
    QFETCH(QStringList, expected);
    ScriptedLister lister;
    DirectoryModel model;
    model.setLister(&lister);
    DirectorySortProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    lister.openPath(QStringLiteral("/"));
    QList<DirEntry> entries;
    for (const QString &name : std::as_const(input))
        entries.append(file(name));
    entries.append(folder(QStringLiteral("zz-folder")));
    lister.done(entries);
    expected.prepend(QStringLiteral("zz-folder")); // folders first
    QCOMPARE(shownNames(proxy), expected);
    proxy.sort(DirectoryModel::NameColumn, Qt::DescendingOrder);
    std::reverse(expected.begin() + 1, expected.end());
    QCOMPARE(shownNames(proxy), expected); // still folders first
}

void TestModels::batchesInsertNeverReset()
{
    Stack stack;
    auto [lister, model, proxy] = stack.parts();
    lister.openPath(QStringLiteral("/big"));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy proxyInserted(&proxy, &QAbstractItemModel::rowsInserted);
    // Five batches of 2,000 in reverse name order: each merged into place.
    for (int b = 4; b >= 0; --b)
        lister.batch(files(b * 2000, (b + 1) * 2000));
    QCOMPARE(inserted.size(), 1); // the first batch at once; the others gathered
    QCOMPARE(model.rowCount(), 2000);
    QTRY_COMPARE(model.rowCount(), 10000);
    QVERIFY(inserted.size() <= 3);
    lister.done(lister.items().toList());
    QCOMPARE(resets.size(), 0);
    QCOMPARE(proxyInserted.size(), inserted.size());
    for (const QList<QVariant> &args : std::as_const(inserted)) // whole batches, not rows
        QVERIFY(args.at(2).toInt() - args.at(1).toInt() + 1 >= 2000);
    QCOMPARE(proxy.rowCount(), 10000);
    QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("file0.dat"));
    QCOMPARE(proxy.index(9, 0).data().toString(), QStringLiteral("file9.dat"));
    QCOMPARE(proxy.index(10, 0).data().toString(), QStringLiteral("file10.dat"));
    QCOMPARE(proxy.index(9999, 0).data().toString(), QStringLiteral("file9999.dat"));
}

// A batch larger than a slice shows its first kSliceRows rows at once and the rest on the
// next turns; rows removed meanwhile (shown or not yet) go; "completed" comes with the last.
void TestModels::bigBatchInSlices()
{
    Stack stack;
    auto [lister, model, proxy] = stack.parts();
    QSignalSpy completed(&model, &DirectoryModel::folderCompleted);
    lister.openPath(QStringLiteral("/big"));
    const int total = DirectoryModel::kSliceRows * 2 + 100;
    lister.batch(files(0, total));
    QCOMPARE(model.rowCount(), DirectoryModel::kSliceRows);
    lister.done({});
    QVERIFY(lister.items().size() == total && !lister.isLoading());
    QCOMPARE(completed.size(), 0);
    QVERIFY(model.isLoading());
    lister.applyRemoved(QStringLiteral("/big"), QStringLiteral("file5.dat")); // shown
    const QString notYetShown = QStringLiteral("file%1.dat").arg(DirectoryModel::kSliceRows + 50);
    lister.applyRemoved(QStringLiteral("/big"), notYetShown);
    QTRY_COMPARE(completed.size(), 1);
    QCOMPARE(model.rowCount(), total - 2);
    QVERIFY(!model.isLoading());
    QCOMPARE(model.rowOf(QStringLiteral("file5.dat")), -1);
    QCOMPARE(model.rowOf(notYetShown), -1);
    for (int row = 0; row < model.rowCount(); row += 997)
        QCOMPARE(model.entry(row).name, lister.items().at(row).name);
    QCOMPARE(proxy.rowCount(), total - 2);
    QCOMPARE(proxy.index(5, 0).data().toString(), QStringLiteral("file6.dat"));
    QCOMPARE(model.totals().files, total - 2);
}

// A sort by size (keys read once per row): folders first in both directions, then the
// size, equal sizes by name in natural order; rows that come after the sort (no name rank
// yet) follow the same rules.
void TestModels::sortBySizeKeepsTheRules()
{
    Stack stack;
    auto [lister, model, proxy] = stack.parts();
    lister.openPath(QStringLiteral("/mixed"));
    QList<DirEntry> entries;
    for (int i = 0; i < 600; ++i)
        entries.append(i % 50 == 0 ? folder(QStringLiteral("dir%1").arg(i))
                                   : file(QStringLiteral("file%1.dat").arg(i), (i * 7) % 5));
    lister.batch(entries);
    QTRY_COMPARE(model.rowCount(), 600);
    const auto check = [&proxy](Qt::SortOrder order) {
        for (int row = 1; row < proxy.rowCount(); ++row) {
            const QModelIndex a = proxy.index(row - 1, 0);
            const QModelIndex b = proxy.index(row, 0);
            const bool folderA = a.data(DirectoryModel::IsFolderRole).toBool();
            const bool folderB = b.data(DirectoryModel::IsFolderRole).toBool();
            QVERIFY2(folderA || !folderB, qPrintable(QStringLiteral("row %1").arg(row)));
            if (folderA != folderB || folderA)
                continue;
            const qint64 sizeA = a.data(DirectoryModel::SizeRole).toLongLong();
            const qint64 sizeB = b.data(DirectoryModel::SizeRole).toLongLong();
            QVERIFY(order == Qt::AscendingOrder ? sizeA <= sizeB : sizeA >= sizeB);
            if (sizeA != sizeB)
                continue;
            // Natural order: the number in the name.
            const int numberA = a.data().toString().mid(4).section(QLatin1Char('.'), 0, 0).toInt();
            const int numberB = b.data().toString().mid(4).section(QLatin1Char('.'), 0, 0).toInt();
            QVERIFY2(order == Qt::AscendingOrder ? numberA < numberB : numberA > numberB,
                     qPrintable(a.data().toString() + QLatin1Char(' ') + b.data().toString()));
        }
    };
    proxy.sort(DirectoryModel::SizeColumn, Qt::DescendingOrder);
    check(Qt::DescendingOrder);
    proxy.sort(DirectoryModel::SizeColumn, Qt::AscendingOrder);
    check(Qt::AscendingOrder);
    QList<DirEntry> more;
    for (int i = 600; i < 700; ++i)
        more.append(file(QStringLiteral("file%1.dat").arg(i), (i * 7) % 5));
    lister.batch(more);
    lister.done({});
    QTRY_COMPARE(proxy.rowCount(), 700);
    proxy.sort(DirectoryModel::SizeColumn, Qt::DescendingOrder);
    check(Qt::DescendingOrder);
}

void TestModels::refreshIsADiffAndKeepsSelection()
{
    Stack stack;
    auto [lister, model, proxy] = stack.parts();
    lister.openPath(QStringLiteral("/docs"));
    lister.done({file(QStringLiteral("a.txt"), 1), file(QStringLiteral("b.txt"), 2),
                 file(QStringLiteral("c.txt"), 3), folder(QStringLiteral("sub"))});
    QItemSelectionModel selection(&proxy);
    const QModelIndex b = proxy.index(2, 0);
    QCOMPARE(b.data().toString(), QStringLiteral("b.txt"));
    selection.select(b, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection.setCurrentIndex(b, QItemSelectionModel::NoUpdate);

    QSignalSpy resets(&proxy, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    lister.refresh();
    // a.txt gone, b.txt bigger, 0.txt new: removals, a change and an addition.
    lister.done({file(QStringLiteral("0.txt"), 9), file(QStringLiteral("b.txt"), 20),
                 file(QStringLiteral("c.txt"), 3), folder(QStringLiteral("sub"))});
    QTRY_COMPARE(proxy.rowCount(), 4);
    QCOMPARE(resets.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(shownNames(proxy), (QStringList{QStringLiteral("sub"), QStringLiteral("0.txt"),
                                             QStringLiteral("b.txt"), QStringLiteral("c.txt")}));
    QCOMPARE(selection.selectedRows().size(), 1);
    QCOMPARE(selection.selectedRows().first().data().toString(), QStringLiteral("b.txt"));
    QCOMPARE(selection.currentIndex().data().toString(), QStringLiteral("b.txt"));
    QCOMPARE(selection.currentIndex().siblingAtColumn(DirectoryModel::SizeColumn).data().toString(),
             QStringLiteral("20 bytes"));

    // Sorting by size keeps the selection on the same entry.
    proxy.sort(DirectoryModel::SizeColumn, Qt::DescendingOrder);
    QCOMPARE(shownNames(proxy), (QStringList{QStringLiteral("sub"), QStringLiteral("b.txt"),
                                             QStringLiteral("0.txt"), QStringLiteral("c.txt")}));
    QCOMPARE(selection.selectedRows().first().data().toString(), QStringLiteral("b.txt"));
    // A change that moves a row in that order is followed.
    lister.refresh();
    lister.done({file(QStringLiteral("0.txt"), 9), file(QStringLiteral("b.txt"), 1),
                 file(QStringLiteral("c.txt"), 3), folder(QStringLiteral("sub"))});
    QCOMPARE(shownNames(proxy), (QStringList{QStringLiteral("sub"), QStringLiteral("0.txt"),
                                             QStringLiteral("c.txt"), QStringLiteral("b.txt")}));
    QCOMPARE(selection.currentIndex().data().toString(), QStringLiteral("b.txt"));
}

void TestModels::ownChangesWithoutListing()
{
    Stack stack;
    auto [lister, model, proxy] = stack.parts();
    lister.openPath(QStringLiteral("/"));
    lister.done({file(QStringLiteral("a.txt")), file(QStringLiteral("c.txt"))});
    lister.applyAdded(QStringLiteral("/"), file(QStringLiteral("b.txt"), 5));
    lister.applyAdded(QStringLiteral("/"), folder(QStringLiteral("new")));
    QTRY_COMPARE(proxy.rowCount(), 4);
    QCOMPARE(shownNames(proxy), (QStringList{QStringLiteral("new"), QStringLiteral("a.txt"),
                                             QStringLiteral("b.txt"), QStringLiteral("c.txt")}));
    lister.applyRenamed(QStringLiteral("/"), QStringLiteral("a.txt"), QStringLiteral("z.txt"));
    lister.applyRemoved(QStringLiteral("/"), QStringLiteral("c.txt"));
    QTRY_COMPARE(shownNames(proxy),
                 (QStringList{QStringLiteral("new"), QStringLiteral("b.txt"), QStringLiteral("z.txt")}));
    // The cache has the same: going back shows it without a listing.
    lister.openPath(QStringLiteral("/elsewhere"));
    lister.done({});
    lister.openPath(QStringLiteral("/"));
    QCOMPARE(shownNames(proxy),
             (QStringList{QStringLiteral("new"), QStringLiteral("b.txt"), QStringLiteral("z.txt")}));
}

void TestModels::sortColumns_data()
{
    // Extensions no MIME database knows, so that the types are "AAQ file" and "ZZQ file".
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending");
    const QString a = QStringLiteral("a.zzq"), b = QStringLiteral("b.aaq"), c = QStringLiteral("c.zzq"),
                  d = QStringLiteral("d");
    QTest::newRow("size") << int(DirectoryModel::SizeColumn) << QStringList{d, b, c, a};
    QTest::newRow("type") << int(DirectoryModel::TypeColumn) << QStringList{d, b, a, c};
    QTest::newRow("modified") << int(DirectoryModel::ModifiedColumn) << QStringList{d, c, a, b};
    QTest::newRow("permissions") << int(DirectoryModel::PermissionsColumn) << QStringList{d, a, c, b};
}

void TestModels::sortColumns()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);
    ScriptedLister lister;
    DirectoryModel model;
    model.setLister(&lister);
    DirectorySortProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    lister.openPath(QStringLiteral("/"));
    DirEntry a = file(QStringLiteral("a.zzq"), 300, 10);
    DirEntry b = file(QStringLiteral("b.aaq"), 100, 20);
    b.permissions = QStringLiteral("-rwxr-xr-x");
    DirEntry c = file(QStringLiteral("c.zzq"), 200, 5);
    lister.done({a, b, c, folder(QStringLiteral("d"))});
    proxy.sort(column, Qt::AscendingOrder);
    QCOMPARE(shownNames(proxy), ascending);
    proxy.sort(column, Qt::DescendingOrder);
    QStringList descending = ascending;
    std::reverse(descending.begin() + 1, descending.end());
    QCOMPARE(shownNames(proxy), descending);
}

void TestModels::filterAndHidden()
{
    ScriptedLister lister;
    DirectoryModel model;
    model.setLister(&lister);
    DirectorySortProxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    lister.openPath(QStringLiteral("/"));
    lister.done({file(QStringLiteral(".profile")), file(QStringLiteral("Report.PDF")),
                 file(QStringLiteral("report.txt")), file(QStringLiteral("notes.txt")),
                 folder(QStringLiteral(".git"))});
    QCOMPARE(shownNames(proxy), (QStringList{QStringLiteral("notes.txt"), QStringLiteral("Report.PDF"),
                                             QStringLiteral("report.txt")}));
    QCOMPARE(proxy.filteredOutCount(), 2);
    proxy.setShowHidden(true);
    QCOMPARE(proxy.rowCount(), 5);
    QCOMPARE(shownNames(proxy).first(), QStringLiteral(".git"));
    proxy.setFilterText(QStringLiteral("REP"));
    QCOMPARE(shownNames(proxy), (QStringList{QStringLiteral("Report.PDF"), QStringLiteral("report.txt")}));
    proxy.setFilterText(QStringLiteral("*.txt"));
    QCOMPARE(shownNames(proxy), (QStringList{QStringLiteral("notes.txt"), QStringLiteral("report.txt")}));
    // New entries respect the filter.
    lister.applyAdded(QStringLiteral("/"), file(QStringLiteral("a.txt")));
    lister.applyAdded(QStringLiteral("/"), file(QStringLiteral("a.pdf")));
    QTRY_COMPARE(shownNames(proxy), (QStringList{QStringLiteral("a.txt"), QStringLiteral("notes.txt"),
                                                 QStringLiteral("report.txt")}));
    proxy.setFilterText({});
    QCOMPARE(proxy.rowCount(), 7);
}

void TestModels::renameRequest()
{
    ScriptedLister lister;
    DirectoryModel model;
    model.setLister(&lister);
    lister.openPath(QStringLiteral("/"));
    lister.done({file(QStringLiteral("a.txt"))});
    const QModelIndex name = model.index(0, DirectoryModel::NameColumn);
    QVERIFY(!(model.flags(name) & Qt::ItemIsEditable));
    model.setRenamable(true);
    QVERIFY(model.flags(name) & Qt::ItemIsEditable);
    QVERIFY(!(model.flags(model.index(0, DirectoryModel::SizeColumn)) & Qt::ItemIsEditable));
    QSignalSpy asked(&model, &DirectoryModel::renameRequested);
    QVERIFY(!model.setData(name, QStringLiteral("a.txt"))); // unchanged: nothing asked
    QVERIFY(!model.setData(name, QString()));
    QCOMPARE(asked.size(), 0);
    model.setData(name, QStringLiteral("b.txt"));
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked.first(), (QList<QVariant>{QStringLiteral("a.txt"), QStringLiteral("b.txt")}));
    QCOMPARE(name.data().toString(), QStringLiteral("a.txt")); // until the rename is done
}

void TestModels::totalsAndFormatting()
{
    ScriptedLister lister;
    DirectoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLister(&lister);
    lister.openPath(QStringLiteral("/"));
    DirEntry big = file(QStringLiteral("big.iso"), 4404019);
    DirEntry link = file(QStringLiteral("latest"), 10);
    link.isLink = true;
    link.target = QStringLiteral("big.iso");
    lister.done({big, link, folder(QStringLiteral("a")), folder(QStringLiteral("b"))});
    QCOMPARE(model.totals().files, 2);
    QCOMPARE(model.totals().folders, 2);
    QCOMPARE(model.totals().bytes, 4404029);
    const int bigRow = model.rowOf(QStringLiteral("big.iso"));
    QCOMPARE(model.index(bigRow, DirectoryModel::SizeColumn).data().toString(), QStringLiteral("4.2 MiB"));
    QCOMPARE(model.index(bigRow, DirectoryModel::ModifiedColumn).data().toString(),
             QStringLiteral("3/1/2024 12:00 PM"));
    QCOMPARE(model.index(bigRow, DirectoryModel::OwnerColumn).data().toString(), QStringLiteral("ann staff"));
    QCOMPARE(model.index(bigRow, DirectoryModel::TypeColumn).data().toString().isEmpty(), false);
    const int linkRow = model.rowOf(QStringLiteral("latest"));
    QCOMPARE(model.index(linkRow, DirectoryModel::TypeColumn).data().toString(), QStringLiteral("Link"));
    QVERIFY(model.index(linkRow, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("big.iso")));
    QVERIFY(model.index(linkRow, 0).data(Qt::FontRole).value<QFont>().italic());
    QCOMPARE(model.index(model.rowOf(QStringLiteral("a")), DirectoryModel::SizeColumn).data().toString(),
             QString());
    QCOMPARE(model.index(model.rowOf(QStringLiteral("a")), DirectoryModel::TypeColumn).data().toString(),
             QStringLiteral("Folder"));
    QCOMPARE(Format::totals(2, 2, 4404029), QStringLiteral("2 files and 2 folders, 4.2 MiB"));
    QCOMPARE(Format::totals(1, 0, 12), QStringLiteral("1 file, 12 bytes"));
    QCOMPARE(Format::totals(0, 3, 0), QStringLiteral("3 folders"));
}

void TestModels::errorPassesThrough()
{
    ScriptedLister lister;
    DirectoryModel model;
    model.setLister(&lister);
    QSignalSpy failed(&model, &DirectoryModel::folderFailed);
    lister.openPath(QStringLiteral("/secret"));
    lister.fail(RemoteError(RemoteError::Kind::Permission, QStringLiteral("No access to /secret.")));
    QCOMPARE(failed.size(), 1);
    QCOMPARE(failed.first().at(0).toString(), QStringLiteral("/secret"));
}

void TestModels::folderTree()
{
    FolderTreeModel tree;
    QSignalSpy fetch(&tree, &FolderTreeModel::fetchRequested);
    const QModelIndex root = tree.index(0, 0);
    QVERIFY(tree.hasChildren(root)); // not listed yet
    QVERIFY(tree.canFetchMore(root));
    tree.fetchMore(root);
    QVERIFY(!tree.canFetchMore(root)); // asked once, until the answer comes
    tree.fetchMore(root);
    QCOMPARE(fetch.size(), 1);
    QCOMPARE(fetch.first().at(0).toString(), QStringLiteral("/"));
    QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(tree.rowCount(), 1);
    QCOMPARE(tree.pathOf(root), QStringLiteral("/"));
    tree.setChildren(QStringLiteral("/"),
                     {QStringLiteral("var"), QStringLiteral("Home"), QStringLiteral("bin")});
    QCOMPARE(tree.rowCount(root), 3);
    QCOMPARE(tree.index(0, 0, root).data().toString(), QStringLiteral("bin"));
    QCOMPARE(tree.index(1, 0, root).data().toString(), QStringLiteral("Home"));
    QVERIFY(!tree.canFetchMore(root));
    const QModelIndex deep = tree.ensurePath(QStringLiteral("/Home/ann/docs"));
    QCOMPARE(tree.pathOf(deep), QStringLiteral("/Home/ann/docs"));
    QCOMPARE(tree.indexOf(QStringLiteral("/Home/ann")), deep.parent());
    tree.setChildren(QStringLiteral("/Home/ann"), {QStringLiteral("music")}); // docs went
    QVERIFY(!tree.indexOf(QStringLiteral("/Home/ann/docs")).isValid());
    tree.setChildren(QStringLiteral("/Home/ann/music"), {});
    QVERIFY(!tree.hasChildren(tree.indexOf(QStringLiteral("/Home/ann/music"))));
    tree.clear();
    QCOMPARE(tree.rowCount(tree.index(0, 0)), 0);
}

void TestModels::transcriptCappedAndMasked()
{
    TranscriptModel model(nullptr, 100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.append({TranscriptLine::Kind::Command, QStringLiteral("USER ann")});
    model.append({TranscriptLine::Kind::Command, QStringLiteral("PASS hunter2")});
    model.append({TranscriptLine::Kind::Reply, QStringLiteral("230 Logged in")});
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(inserted.size(), 1); // lines of one turn of the event loop together
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("PASS ****"));
    QVERIFY(!model.lineText(1).contains(QStringLiteral("hunter2")));
    QVERIFY(model.lineText(1).contains(QStringLiteral("> PASS ****")));
    QCOMPARE(model.index(2, 0).data(TranscriptModel::KindRole).toInt(), int(TranscriptLine::Kind::Reply));
    for (int i = 0; i < 250; ++i)
        model.append({TranscriptLine::Kind::Status, QStringLiteral("line %1").arg(i)},
                     QStringLiteral("queue"));
    QTRY_COMPARE(model.index(model.rowCount() - 1, 0).data().toString(), QStringLiteral("[queue] line 249"));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("[queue] line 150"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"
