#pragma once

#include <QString>
#include <functional>

class QSettings;

namespace ferry {

class CertificateStore;
class ConnectionHistory;
class CredentialStore;
class ListingCache;
class SiteStore;
class TransferQueue;
class TrustDecisions;

// The core services the window works with, made by app/gui/main.cpp (or a test) and handed
// down: no singletons, so that a test substitutes what it needs (a queue in memory, a
// scratch settings file, a recorder instead of the desktop's file opener). Not owned.
struct AppContext {
    SiteStore *sites = nullptr;
    CredentialStore *credentials = nullptr;   // the system keychain
    ConnectionHistory *history = nullptr;     // quick-connect URLs, never a password
    TransferQueue *queue = nullptr;           // every transfer the window starts
    TrustDecisions *trust = nullptr;          // "accept once" answers, shared by all sessions
    CertificateStore *certificates = nullptr; // "trust always" pins
    ListingCache *cache = nullptr;            // folder listings, both sides
    QSettings *settings = nullptr;            // window state and preferences
    // Opens a local file with the desktop's application (QDesktopServices in the app).
    std::function<void(const QString &path)> openFile;
    // Where files downloaded to be opened go (a folder of the app's own).
    QString viewFolder;
};

} // namespace ferry
