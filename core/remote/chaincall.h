#pragma once

#include "remotecall.h"

#include <QPointer>
#include <functional>

namespace ferry {

// A call made of several calls run one after another (FTP's SIZE then MDTM for stat()):
// it finishes once, when a step's handler says so, and cancel() cancels the step that runs.
// Back ends use it to offer one RemoteSession call where their protocol needs several.
class ChainCall final : public RemoteCall {
    Q_OBJECT
public:
    explicit ChainCall(QObject *parent);

    // Waits for `step` and calls `handler` with it from the step's finished() (read the
    // step's results there). The handler either starts the next step or calls complete().
    void then(RemoteCall *step, std::function<void(RemoteCall *step)> handler);
    void complete(const RemoteError &error = {}) { finish(error); }

    DirEntry &resultEntry() { return m_entry; }
    void setResultText(const QString &text) { m_text = text; }

protected:
    void cancelRequested() override;

private:
    QPointer<RemoteCall> m_step;
};

} // namespace ferry
