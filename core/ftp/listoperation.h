#pragma once

#include "ftpoperation.h"
#include "listing/direntry.h"
#include "listing/listingparser.h"
#include "remote/listoptions.h"

#include <QDate>
#include <memory>

namespace ferry {

class DataConnection;

// Lists a folder over a data connection. LIST/NLST change into the folder first (CWD)
// so that names starting with '-' or containing spaces are never taken for ls options;
// MLSD takes the path as its argument (RFC 3659 §7.1).
class ListOperation final : public FtpOperation {
    Q_OBJECT
public:
    enum class State { Idle, Cwd, Preparing, Sent, Receiving, Done };
    Q_ENUM(State)

    ListOperation(FtpSession *session, QString path, ListMode mode, ServerType serverType = ServerType::Auto);
    ~ListOperation() override;

    // entries() (RemoteCall): MLSD/LIST entries, or for NLST entries with only a name.
    const QStringList &names() const { return m_names; } // NLST
    ListMode usedMode() const { return m_mode; }
    QString path() const { return m_path; }
    void setToday(const QDate &today) { m_today = today; }
    // Keep entries with unsafe names (DirEntry::hasUnsafeName(): "..", "a/b", CR/LF, NUL)
    // instead of dropping them, for a caller that refuses them itself and says so.
    // Before the operation starts.
    void setKeepUnsafeNames(bool keep) { m_keepUnsafeNames = keep; }
    // Entries only through entriesArrived(), never kept in entries() (ListOptions::batchesOnly).
    void setBatchesOnly(bool on) { m_batchesOnly = on; }

    // The listing is parsed at most this much per turn of the event loop, so that a large
    // listing reaches its caller (a window) in slices it can show between two repaints.
    static constexpr qint64 ParseSlice = 256 * 1024;

protected:
    void start() override;
    void handleReply(const FtpReply &reply) override;
    void abortRunning() override;
    bool usesDataConnection() const override { return true; }

private:
    void takeParsedEntries();
    void prepareData();
    void sendListCommand();
    void readData();
    void readSlice(qint64 budget);
    void dataFinished();
    void finishData();
    void maybeDone();
    void fail(const RemoteError &error);

    QString m_path;
    ListMode m_mode;
    ServerType m_serverType;
    QDate m_today;
    bool m_keepUnsafeNames = false;
    bool m_batchesOnly = false;
    bool m_dataClosed = false;  // the server closed the data connection; buffered data remains
    bool m_sliceQueued = false; // readSlice() is due on the next turn of the event loop
    State m_state = State::Idle;
    DataConnection *m_data = nullptr;
    std::unique_ptr<ListingParser> m_parser;
    QByteArray m_nlstBuffer;
    bool m_finalOk = false;
    bool m_dataDone = false;
    bool m_aborting = false;
    QStringList m_names;
};

} // namespace ferry
