#pragma once

#include "scenario/session.h"

#include <QUndoCommand>

#include <memory>

namespace rl {

/// Acting from the past: the moment viewed becomes the present and the later commands are set
/// aside. Undo brings that future back unchanged; redo sets it aside again (Session swaps the
/// two futures, so nothing is replayed).
class BranchCommand : public QUndoCommand
{
public:
    BranchCommand(Session* session, const QString& text)
        : QUndoCommand(text)
        , m_session(session)
    { }

    void redo() override
    {
        if (m_first) {
            m_first = false;
            m_future = m_session->branchAtView();
            if (!m_future)
                setObsolete(true);
        } else {
            m_future = m_session->restoreFuture(m_future);
        }
    }
    void undo() override { m_future = m_session->restoreFuture(m_future); }

private:
    Session* m_session;
    std::shared_ptr<Session::Future> m_future;
    bool m_first = true;
};

} // namespace rl
