#pragma once

#include "asciiconverter.h"
#include "ftpoperation.h"
#include "remote/sessionconfig.h"
#include "remote/transferoptions.h"

#include <QElapsedTimer>
#include <QPointer>
#include <optional>

class QIODevice;

namespace ferry {

class DataConnection;

// RETR/STOR/APPE/STOU over a data connection, streamed in bounded chunks with
// backpressure: never a whole file in memory. Success needs both the final 2xx reply
// and the end of the data stream; 426/451 (or any 4xx/5xx) are failures (RFC 959 §4.2).
// cancel() closes the data connection and sends ABOR, then re-synchronises the control
// connection with NOOP so that the session stays usable.
class TransferOperation final : public FtpOperation {
    Q_OBJECT
public:
    enum class Direction { Download, Upload };
    Q_ENUM(Direction)
    enum class State {
        Idle,
        SettingType,
        Allo,
        Preparing,
        Restarting,
        Sent,
        Transferring,
        Aborting, // FtpOperation's abort sequence (ABOR, NOOP) runs
        Done
    };
    Q_ENUM(State)

    TransferOperation(FtpSession *session, Direction direction, QString remotePath, QIODevice *device,
                      const TransferOptions &options);
    ~TransferOperation() override;

    Direction direction() const { return m_direction; }
    QString remotePath() const { return m_remotePath; }
    QString uniqueName() const { return m_uniqueName; } // STOU: the name the server chose
    State state() const { return m_state; }

    static constexpr qint64 ChunkSize = 256 * 1024;
    static constexpr qint64 MaxPendingWrite = 1024 * 1024;

protected:
    void start() override;
    void handleReply(const FtpReply &reply) override;
    void abortRunning() override;
    void connectionLost(const RemoteError &error) override;
    bool usesDataConnection() const override { return true; }

private:
    void prepareData();
    void sendTransferCommand();
    void onDataConnected();
    void onReadyRead();
    void writeMore();
    void onDataClosed();
    void finishUploadStream();
    void maybeDone();
    void fail(const RemoteError &error);
    void abortWith(const RemoteError &error);
    void reportProgress(bool force);
    qint64 allowance(qint64 wanted) const; // bytes the speed limit lets through now
    RemoteError localWriteError() const;
    QString verb() const;

    Direction m_direction;
    QString m_remotePath;
    QPointer<QIODevice> m_device;
    TransferOptions m_options;
    State m_state = State::Idle;
    DataConnection *m_data = nullptr;
    std::optional<AsciiConverter> m_ascii;
    bool m_preliminarySeen = false;
    bool m_finalOk = false;
    bool m_dataDone = false;
    bool m_sourceDone = false;
    QString m_uniqueName;
    QElapsedTimer m_progressTimer;
    bool m_ticketSeen = false; // TLS 1.3: the server's session ticket on this data connection
    bool m_closeRequested = false;
    bool m_closePending = false;       // download: the server closed, limited bytes still buffered
    bool m_flushWaitConnected = false; // upload: everything is written; close once the ticket is read
};

} // namespace ferry
