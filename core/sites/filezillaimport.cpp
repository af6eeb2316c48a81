#include "filezillaimport.h"

#include <QCoreApplication>
#include <QXmlStreamReader>

namespace ferry {

namespace {

constexpr qsizetype kMaxDocument = 32 * 1024 * 1024;
constexpr int kMaxDepth = 64; // folders nested deeper than this are hostile, not real

struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::FileZillaImport)
};

QString serverTypeFor(int fzType)
{
    switch (fzType) {
    case 1:
    case 9: // Cygwin
        return QStringLiteral("unix");
    case 2:
        return QStringLiteral("vms");
    case 3:
    case 8:
    case 10:
        return QStringLiteral("dos");
    case 4:
        return QStringLiteral("mvs");
    case 5:
        return QStringLiteral("other"); // VxWorks
    case 6:
        return QStringLiteral("zvm");
    case 7:
        return QStringLiteral("nonstop");
    default:
        return QStringLiteral("auto");
    }
}

class Parser {
public:
    explicit Parser(const QByteArray &xml)
        : m_xml(xml)
    {
    }

    std::optional<FileZillaImport> run(QString *error)
    {
        // Only the root element is read: QXmlStreamReader reports "premature end of
        // document" when asked for another start element after it.
        if (!m_xml.readNextStartElement()) {
            if (!m_xml.hasError())
                m_xml.raiseError(Text::tr("not a FileZilla file (empty document)"));
        } else if (m_xml.name() != QLatin1String("FileZilla3")) {
            m_xml.raiseError(Text::tr("not a FileZilla file (the root element is <%1>)").arg(m_xml.name()));
        } else {
            while (m_xml.readNextStartElement()) {
                if (m_xml.name() == QLatin1String("Servers"))
                    m_result.sites += container(0);
                else
                    m_xml.skipCurrentElement();
            }
        }
        if (m_xml.hasError()) {
            if (error)
                *error = Text::tr("Cannot read the FileZilla file: %1 (line %2)")
                             .arg(m_xml.errorString())
                             .arg(m_xml.lineNumber());
            return std::nullopt;
        }
        return m_result;
    }

private:
    // The children of <Servers> or <Folder>; sites' folders are relative to it.
    QList<SiteProfile> container(int depth)
    {
        QList<SiteProfile> sites;
        if (depth > kMaxDepth) {
            m_xml.raiseError(Text::tr("folders nested too deeply"));
            return sites;
        }
        while (m_xml.readNextStartElement()) {
            if (m_xml.name() == QLatin1String("Server")) {
                if (auto s = server())
                    sites.append(*s);
            } else if (m_xml.name() == QLatin1String("Folder")) {
                sites += folder(depth + 1);
            } else {
                m_xml.skipCurrentElement();
            }
        }
        return sites;
    }

    QList<SiteProfile> folder(int depth)
    {
        // <Folder expanded="1">Name<Server>...</Server><Folder>...</Folder></Folder>: the
        // name is the element's own text, written before its children.
        QString name;
        QList<SiteProfile> sites;
        if (depth > kMaxDepth) {
            m_xml.raiseError(Text::tr("folders nested too deeply"));
            return sites;
        }
        while (!m_xml.atEnd()) {
            const auto token = m_xml.readNext();
            if (token == QXmlStreamReader::Characters) {
                name += m_xml.text();
            } else if (token == QXmlStreamReader::StartElement) {
                if (m_xml.name() == QLatin1String("Server")) {
                    if (auto s = server())
                        sites.append(*s);
                } else if (m_xml.name() == QLatin1String("Folder")) {
                    sites += folder(depth + 1);
                } else {
                    m_xml.skipCurrentElement();
                }
            } else if (token == QXmlStreamReader::EndElement) {
                break;
            }
        }
        // '/' separates Ferry's folders: keep it out of a single folder's name.
        name = name.trimmed().replace(QLatin1Char('/'), QLatin1Char('-'));
        if (name.isEmpty())
            name = Text::tr("Unnamed folder");
        for (SiteProfile &s : sites)
            s.folder = s.folder.isEmpty() ? name : name + QLatin1Char('/') + s.folder;
        return sites;
    }

    // The text of a simple element; skips nested elements.
    QString text() { return m_xml.readElementText(QXmlStreamReader::SkipChildElements); }

    int number(const QString &text, int fallback)
    {
        bool ok = false;
        const int n = text.trimmed().toInt(&ok);
        return ok ? n : fallback;
    }

    SiteBookmark bookmark()
    {
        SiteBookmark b;
        while (m_xml.readNextStartElement()) {
            const auto name = m_xml.name();
            if (name == QLatin1String("Name"))
                b.name = text();
            else if (name == QLatin1String("LocalDir"))
                b.localFolder = text();
            else if (name == QLatin1String("RemoteDir"))
                b.remoteFolder = FileZillaImport::decodeRemotePath(text());
            else
                m_xml.skipCurrentElement();
        }
        return b;
    }

    std::optional<SiteProfile> server()
    {
        SiteProfile s;
        int protocol = 0;
        int logon = 1;
        int port = 0;
        QString password;
        bool hasPassword = false;
        bool encrypted = false;
        QString encodingType;
        QString customEncoding;
        QString trailingName; // FileZilla 3.0-3.6 wrote the name as text after the children
        while (!m_xml.atEnd()) {
            const auto token = m_xml.readNext();
            if (token == QXmlStreamReader::EndElement)
                break;
            if (token == QXmlStreamReader::Characters) {
                trailingName += m_xml.text();
                continue;
            }
            if (token != QXmlStreamReader::StartElement)
                continue;
            const QString name = m_xml.name().toString();
            if (name == QLatin1String("Host")) {
                s.host = text().trimmed();
            } else if (name == QLatin1String("Port")) {
                port = number(text(), 0);
            } else if (name == QLatin1String("Protocol")) {
                protocol = number(text(), 0);
            } else if (name == QLatin1String("Type")) {
                s.serverType = serverTypeFor(number(text(), 0));
            } else if (name == QLatin1String("User")) {
                s.user = text();
            } else if (name == QLatin1String("Pass")) {
                const QString encoding = m_xml.attributes().value(QLatin1String("encoding")).toString();
                const QString value = text();
                if (encoding == QLatin1String("base64")) {
                    const auto decoded = QByteArray::fromBase64Encoding(
                        value.trimmed().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
                    if (decoded) {
                        password = QString::fromUtf8(*decoded);
                        hasPassword = !password.isEmpty();
                    }
                } else if (encoding == QLatin1String("crypt")) {
                    encrypted = true;
                } else {
                    password = value;
                    hasPassword = !password.isEmpty();
                }
            } else if (name == QLatin1String("Account")) {
                s.account = text();
            } else if (name == QLatin1String("Logontype")) {
                logon = number(text(), 1);
            } else if (name == QLatin1String("Keyfile")) {
                s.keyFile = text().trimmed();
            } else if (name == QLatin1String("TimezoneOffset")) {
                s.timeZoneOffsetMinutes = qBound(-24 * 60, number(text(), 0), 24 * 60);
            } else if (name == QLatin1String("PasvMode")) {
                const QString mode = text().trimmed();
                s.transferMode = mode == QLatin1String("MODE_ACTIVE")    ? SiteProfile::TransferMode::Active
                                 : mode == QLatin1String("MODE_PASSIVE") ? SiteProfile::TransferMode::Passive
                                                                         : SiteProfile::TransferMode::Default;
            } else if (name == QLatin1String("MaximumMultipleConnections")) {
                const int n = number(text(), 0);
                // 0 means "FileZilla's global default".
                s.connectionLimit =
                    n <= 0 ? 4 : qBound(SiteProfile::kMinConnections, n, SiteProfile::kMaxConnections);
            } else if (name == QLatin1String("EncodingType")) {
                encodingType = text().trimmed();
            } else if (name == QLatin1String("CustomEncoding")) {
                customEncoding = text().trimmed();
            } else if (name == QLatin1String("Comments")) {
                s.comments = text();
            } else if (name == QLatin1String("LocalDir")) {
                s.localFolder = text();
            } else if (name == QLatin1String("RemoteDir")) {
                s.remoteFolder = FileZillaImport::decodeRemotePath(text());
            } else if (name == QLatin1String("Name")) {
                s.name = text().trimmed();
            } else if (name == QLatin1String("Bookmark")) {
                s.bookmarks.append(bookmark());
            } else {
                m_xml.skipCurrentElement();
            }
        }
        if (m_xml.hasError())
            return std::nullopt;
        if (s.name.isEmpty())
            s.name = trailingName.trimmed();
        if (s.name.isEmpty())
            s.name = s.host;
        if (s.name.contains(QLatin1Char('/'))) {
            m_result.warnings << Text::tr("\"%1\": '/' in the name became '-'.").arg(s.name);
            s.name.replace(QLatin1Char('/'), QLatin1Char('-'));
        }
        if (s.host.isEmpty()) {
            m_result.warnings << Text::tr("\"%1\": no host; skipped.").arg(s.name);
            return std::nullopt;
        }
        switch (protocol) {
        case 0:
            s.protocol = SiteProfile::Protocol::Ftp;
            s.tlsPolicy = TlsPolicy::IfAvailable;
            break;
        case 1:
            s.protocol = SiteProfile::Protocol::Sftp;
            break;
        case 3:
            s.protocol = SiteProfile::Protocol::FtpsImplicit;
            break;
        case 4:
            s.protocol = SiteProfile::Protocol::FtpsExplicit;
            break;
        case 6:
            s.protocol = SiteProfile::Protocol::Ftp;
            s.tlsPolicy = TlsPolicy::Never;
            break;
        default:
            m_result.warnings
                << Text::tr("\"%1\": FileZilla protocol %2 is not FTP; skipped.").arg(s.name).arg(protocol);
            return std::nullopt;
        }
        const int defaultPort = protocol == 1 ? 22 : ferry::defaultPort(s.protocol);
        s.port = quint16(port > 0 && port <= 65535 ? port : defaultPort);
        switch (logon) {
        case 0:
            s.logonType = SiteProfile::LogonType::Anonymous;
            break;
        case 1:
            s.logonType = SiteProfile::LogonType::Normal;
            break;
        case 4:
            s.logonType = s.protocol == SiteProfile::Protocol::Sftp ? SiteProfile::LogonType::Normal
                                                                    : SiteProfile::LogonType::Account;
            break;
        case 2:
        case 3: // interactive: the server's prompts are asked for at connect time
            s.logonType = SiteProfile::LogonType::AskPassword;
            break;
        case 5: // key file (SFTP)
            s.logonType = s.protocol == SiteProfile::Protocol::Sftp && !s.keyFile.isEmpty()
                              ? SiteProfile::LogonType::KeyFile
                              : SiteProfile::LogonType::AskPassword;
            break;
        default:
            s.logonType = SiteProfile::LogonType::AskPassword;
            m_result.warnings
                << Text::tr(
                       "\"%1\": FileZilla logon type %2 is not supported; the password will be asked for.")
                       .arg(s.name)
                       .arg(logon);
            break;
        }
        if (encodingType == QLatin1String("Custom") && !customEncoding.isEmpty()) {
            if (Charset::isKnown(customEncoding)) {
                s.charset = customEncoding;
            } else {
                m_result.warnings
                    << Text::tr("\"%1\": unknown charset \"%2\"; using auto.").arg(s.name, customEncoding);
            }
        } else if (encodingType == QLatin1String("UTF-8")) {
            s.charset = QStringLiteral("UTF-8");
        }
        if (encrypted)
            m_result.warnings << Text::tr(
                                     "\"%1\": the password is protected by FileZilla's master password and "
                                     "was not imported.")
                                     .arg(s.name);
        if (hasPassword && s.storesPassword())
            m_result.passwords.insert(s.id, password);
        if (const QString problem = s.validate(); !problem.isEmpty()) {
            m_result.warnings << Text::tr("\"%1\": %2 Skipped.").arg(s.name, problem);
            m_result.passwords.remove(s.id);
            return std::nullopt;
        }
        return s;
    }

    QXmlStreamReader m_xml;
    FileZillaImport m_result;
};

} // namespace

std::optional<FileZillaImport> FileZillaImport::parse(const QByteArray &xml, QString *error)
{
    if (xml.size() > kMaxDocument) {
        if (error)
            *error = Text::tr("The FileZilla file is too large.");
        return std::nullopt;
    }
    Parser parser(xml);
    auto result = parser.run(error);
    if (result) {
        // Folder sites were appended after deeper ones were collected; "Folder/Name" must be
        // unique, so later duplicates get " (2)", " (3)", ...
        QSet<QString> seen;
        for (SiteProfile &s : result->sites) {
            QString name = s.name;
            for (int n = 2; seen.contains(s.folder + QLatin1Char('/') + name); ++n)
                name = s.name + QStringLiteral(" (%1)").arg(n);
            s.name = name;
            seen.insert(s.folder + QLatin1Char('/') + name);
        }
    }
    return result;
}

QString FileZillaImport::decodeRemotePath(const QString &encoded)
{
    const QString s = encoded.trimmed();
    if (s.isEmpty())
        return {};
    qsizetype pos = 0;
    bool ok = true;
    auto readInt = [&]() -> qsizetype {
        qsizetype end = s.indexOf(QLatin1Char(' '), pos);
        if (end < 0)
            end = s.size();
        bool good = false;
        const qsizetype n = s.mid(pos, end - pos).toLongLong(&good);
        if (!good || n < 0 || n > s.size())
            ok = false;
        pos = end + 1;
        return n;
    };
    auto readString = [&](qsizetype n) -> QString {
        if (pos + n > s.size()) {
            ok = false;
            return {};
        }
        const QString out = s.mid(pos, n);
        pos += n;
        // The separator after a segment (absent after the last one).
        if (pos < s.size() && s.at(pos) != QLatin1Char(' '))
            ok = false;
        ++pos;
        return out;
    };
    const qsizetype type = readInt();
    const qsizetype prefixLength = ok ? readInt() : 0;
    const QString prefix = ok && prefixLength > 0 ? readString(prefixLength) : QString();
    QStringList segments;
    while (ok && pos < s.size()) {
        const qsizetype n = readInt();
        if (!ok || n == 0) {
            ok = false;
            break;
        }
        segments << readString(n);
    }
    if (!ok)
        return {};
    if (type == 3 || type == 8) { // DOS, DOS virtual: "C:\dir\sub"
        if (segments.isEmpty())
            return {};
        return segments.size() == 1 ? segments.first() + QLatin1Char('\\') : segments.join(QLatin1Char('\\'));
    }
    return prefix + QLatin1Char('/') + segments.join(QLatin1Char('/'));
}

} // namespace ferry
