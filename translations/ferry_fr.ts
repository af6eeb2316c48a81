<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
    <context>
        <name>AppSettings</name>
        <message>
            <source>A site cannot have more connections than all sites together.</source>
            <translation>Un site ne peut pas avoir plus de connexions que tous les sites réunis.</translation>
        </message>
        <message>
            <source>“%1” is not a file name extension (letters, digits, - and _).</source>
            <translation>« %1 » n'est pas une extension de nom de fichier (lettres, chiffres, - et _).</translation>
        </message>
        <message>
            <source>Automatic transfer type needs at least one ASCII extension.</source>
            <translation>Le type de transfert automatique demande au moins une extension ASCII.</translation>
        </message>
    </context>
    <context>
        <name>CliHelp</name>
        <message>
            <source>List a remote folder.</source>
            <translation>Lister un dossier distant.</translation>
        </message>
        <message>
            <source>Download a file to LOCAL (a folder or a file name; by default the current folder); with -r, a folder and everything in it.</source>
            <translation>Télécharger un fichier vers LOCAL (un dossier ou un nom de fichier ; par défaut le dossier courant) ; avec -r, un dossier et tout son contenu.</translation>
        </message>
        <message>
            <source>Upload files; a URL ending in '/' names a folder. With -r, folders and everything in them.</source>
            <translation>Envoyer des fichiers ; une URL terminée par « / » désigne un dossier. Avec -r, des dossiers et tout leur contenu.</translation>
        </message>
        <message>
            <source>Create a remote folder.</source>
            <translation>Créer un dossier distant.</translation>
        </message>
        <message>
            <source>Delete a remote file; with -r, a folder and everything in it (/ only with --force).</source>
            <translation>Supprimer un fichier distant ; avec -r, un dossier et tout son contenu (/ seulement avec --force).</translation>
        </message>
        <message>
            <source>Remove an empty remote folder; with -r, a folder and everything in it.</source>
            <translation>Supprimer un dossier distant vide ; avec -r, un dossier et tout son contenu.</translation>
        </message>
        <message>
            <source>Rename or move; NEWPATH is absolute or relative to the URL's folder.</source>
            <translation>Renommer ou déplacer ; NEWPATH est absolu ou relatif au dossier de l'URL.</translation>
        </message>
        <message>
            <source>Change permissions (SITE CHMOD).</source>
            <translation>Modifier les permissions (SITE CHMOD).</translation>
        </message>
        <message>
            <source>Send a raw command and print the reply.</source>
            <translation>Envoyer une commande brute et afficher la réponse.</translation>
        </message>
        <message>
            <source>Bring a local folder and a remote one in step: compare them folder by folder, then upload, download, make folders and (with --delete) delete through the queue; --dry-run prints the plan and changes nothing.</source>
            <translation>Mettre en accord un dossier local et un dossier distant : les comparer dossier par dossier, puis envoyer, télécharger, créer des dossiers et (avec --delete) supprimer via la file d'attente ; --dry-run affiche le plan et ne change rien.</translation>
        </message>
        <message>
            <source>Copy a file (with -r, a folder) from one FTP server to another (or the same): server to server (FXP) when both allow it, else through ferry-cli, streamed, saying so.</source>
            <translation>Copier un fichier (avec -r, un dossier) d'un serveur FTP vers un autre (ou le même) : de serveur à serveur (FXP) quand les deux l'acceptent, sinon en flux à travers ferry-cli, en le signalant.</translation>
        </message>
        <message>
            <source>Parse a raw listing on stdin and print one JSON object per entry.</source>
            <translation>Analyser un listage brut lu sur l'entrée standard et afficher un objet JSON par entrée.</translation>
        </message>
        <message>
            <source>The stored transfer queue (--queue-db PATH, by default ~/.local/share/ferry/queue.sqlite).</source>
            <translation>La file d'attente enregistrée (--queue-db CHEMIN, par défaut ~/.local/share/ferry/queue.sqlite).</translation>
        </message>
        <message>
            <source>The site manager (see docs/sites.md); sites must be the first word.</source>
            <translation>Le gestionnaire de sites (voir docs/sites.md) ; sites doit être le premier mot.</translation>
        </message>
        <message>
            <source>Continue the queue's unfinished jobs (after a crash or a kill).</source>
            <translation>Reprendre les tâches inachevées de la file d'attente (après un plantage ou un arrêt forcé).</translation>
        </message>
        <message>
            <source>Print every job: id, state, kind, site, paths, error.</source>
            <translation>Afficher chaque tâche : identifiant, état, type, site, chemins, erreur.</translation>
        </message>
        <message>
            <source>Queue the failed jobs again, then run.</source>
            <translation>Remettre en file d'attente les tâches échouées, puis lancer.</translation>
        </message>
        <message>
            <source>Remove the finished jobs (--failed: the failed ones; --all: every job).</source>
            <translation>Retirer les tâches terminées (--failed : celles qui ont échoué ; --all : toutes les tâches).</translation>
        </message>
        <message>
            <source>Print every site: Folder/Name and its connection.</source>
            <translation>Afficher chaque site : Dossier/Nom et sa connexion.</translation>
        </message>
        <message>
            <source>Print a site's settings (never its password).</source>
            <translation>Afficher les paramètres d'un site (jamais son mot de passe).</translation>
        </message>
        <message>
            <source>Add a site (the options are below).</source>
            <translation>Ajouter un site (les options sont ci-dessous).</translation>
        </message>
        <message>
            <source>Remove a site and its password.</source>
            <translation>Supprimer un site et son mot de passe.</translation>
        </message>
        <message>
            <source>Import FileZilla's sitemanager.xml (passwords into the keychain).</source>
            <translation>Importer le fichier sitemanager.xml de FileZilla (mots de passe dans le trousseau).</translation>
        </message>
        <message>
            <source>Write every site to FILE (without passwords).</source>
            <translation>Écrire tous les sites dans FICHIER (sans les mots de passe).</translation>
        </message>
        <message>
            <source>Add the sites of an exported FILE.</source>
            <translation>Ajouter les sites d'un FICHIER exporté.</translation>
        </message>
        <message>
            <source>URLs: ftp://[user[:password]@]host[:port]/path; ftpes:// is explicit
FTPS (AUTH TLS, TLS required), ftps:// implicit FTPS (port 990).
sftp://user@host[:port]/path is SFTP (port 22; the path is the
server's, /~/ the home folder). Logins try the ssh-agent,
--identity and ~/.ssh's keys, then the password.
Percent-encode special characters; IPv6 hosts in brackets:
ftp://[::1]:2121/
</source>
            <translation>URL : ftp://[utilisateur[:motdepasse]@]hôte[:port]/chemin ; ftpes:// est le
FTPS explicite (AUTH TLS, TLS obligatoire), ftps:// le FTPS implicite (port 990).
sftp://utilisateur@hôte[:port]/chemin est du SFTP (port 22 ; le chemin est celui
du serveur, /~/ le dossier personnel). Les connexions essaient l'agent ssh,
--identity et les clés de ~/.ssh, puis le mot de passe.
Encodez les caractères spéciaux en pourcentage ; les hôtes IPv6 entre crochets :
ftp://[::1]:2121/
</translation>
        </message>
        <message>
            <source>Exit status: 0 ok, 1 failure, 2 usage, 3 network/timeout, 4 login, 5 remote file,
6 local file, 7 cancelled, 8 TLS/certificate.
</source>
            <translation>Code de sortie : 0 succès, 1 échec, 2 usage, 3 réseau/délai dépassé, 4 connexion, 5 fichier distant,
6 fichier local, 7 annulé, 8 TLS/certificat.
</translation>
        </message>
        <message>
            <source>Server types: %1
</source>
            <translation>Types de serveur : %1
</translation>
        </message>
        <message>
            <source>Usage: ferry-cli [options] COMMAND [arguments]
       ferry-cli COMMAND --help
</source>
            <translation>Usage : ferry-cli [options] COMMANDE [arguments]
       ferry-cli COMMANDE --help
</translation>
        </message>
        <message>
            <source>Commands:</source>
            <translation>Commandes :</translation>
        </message>
        <message>
            <source>Certificates you trust always are pinned in ~/.config/ferry/trusted-certificates.json; SSH host
keys are checked against ~/.ssh/known_hosts and kept in
~/.config/ferry/known_hosts.
</source>
            <translation>Les certificats toujours approuvés sont épinglés dans ~/.config/ferry/trusted-certificates.json ; les clés
d'hôte SSH sont vérifiées avec ~/.ssh/known_hosts et conservées dans
~/.config/ferry/known_hosts.
</translation>
        </message>
        <message>
            <source>Usage: ferry-cli [options] %1
</source>
            <translation>Usage : ferry-cli [options] %1
</translation>
        </message>
        <message>
            <source>No command given (see --help).</source>
            <translation>Aucune commande donnée (voir --help).</translation>
        </message>
        <message>
            <source>Unknown command "%1" (see --help).</source>
            <translation>Commande inconnue « %1 » (voir --help).</translation>
        </message>
        <message>
            <source>%1 takes no arguments (see ferry-cli %1 --help).</source>
            <translation>%1 ne prend aucun argument (voir ferry-cli %1 --help).</translation>
        </message>
        <message>
            <source>usage: ferry-cli %1</source>
            <translation>usage : ferry-cli %1</translation>
        </message>
        <message>
            <source>General options:</source>
            <translation>Options générales :</translation>
        </message>
        <message>
            <source>Connection options:</source>
            <translation>Options de connexion :</translation>
        </message>
        <message>
            <source>Stored sites:</source>
            <translation>Sites enregistrés :</translation>
        </message>
        <message>
            <source>Listing options (ls):</source>
            <translation>Options de listage (ls) :</translation>
        </message>
        <message>
            <source>Options of parse-listing:</source>
            <translation>Options de parse-listing :</translation>
        </message>
        <message>
            <source>Transfer options (get, put, queue run):</source>
            <translation>Options de transfert (get, put, queue run) :</translation>
        </message>
        <message>
            <source>Folders (get, put, cp, rm, rmdir):</source>
            <translation>Dossiers (get, put, cp, rm, rmdir) :</translation>
        </message>
        <message>
            <source>Options of new transfers (get, put):</source>
            <translation>Options des nouveaux transferts (get, put) :</translation>
        </message>
        <message>
            <source>Options of rm and rmdir:</source>
            <translation>Options de rm et rmdir :</translation>
        </message>
        <message>
            <source>Options of queue clear:</source>
            <translation>Options de queue clear :</translation>
        </message>
        <message>
            <source>Options of sites add:</source>
            <translation>Options de sites add :</translation>
        </message>
        <message>
            <source>Options of sync:</source>
            <translation>Options de sync :</translation>
        </message>
        <message>
            <source>Options of cp:</source>
            <translation>Options de cp :</translation>
        </message>
        <message>
            <source>Show this help; after a command, that command's help.</source>
            <translation>Afficher cette aide ; après une commande, l'aide de cette commande.</translation>
        </message>
        <message>
            <source>Print the version.</source>
            <translation>Afficher la version.</translation>
        </message>
        <message>
            <source>Passive data connections (the default; falls back to active when the server refuses).</source>
            <translation>Connexions de données passives (par défaut ; bascule en actif quand le serveur refuse).</translation>
        </message>
        <message>
            <source>Active data connections (EPRT/PORT).</source>
            <translation>Connexions de données actives (EPRT/PORT).</translation>
        </message>
        <message>
            <source>Give up after S seconds without progress (default 30).</source>
            <translation>Abandonner après S secondes sans progression (30 par défaut).</translation>
        </message>
        <message>
            <source>Print the protocol transcript on stderr (PASS is masked).</source>
            <translation>Afficher le journal du protocole sur la sortie d'erreur (PASS est masqué).</translation>
        </message>
        <message>
            <source>Read the password from the first line of stdin (otherwise the URL's, then $FERRY_PASSWORD).</source>
            <translation>Lire le mot de passe sur la première ligne de l'entrée standard (sinon celui de l'URL, puis $FERRY_PASSWORD).</translation>
        </message>
        <message>
            <source>File-name charset for servers without UTF-8 (e.g. windows-1252).</source>
            <translation>Jeu de caractères des noms de fichiers pour les serveurs sans UTF-8 (par ex. windows-1252).</translation>
        </message>
        <message>
            <source>For ftp:// URLs: require, if-available (the default: TLS when the server offers it) or plain; try and none are older names.</source>
            <translation>Pour les URL ftp:// : require, if-available (par défaut : TLS quand le serveur le propose) ou plain ; try et none sont d'anciens noms.</translation>
        </message>
        <message>
            <source>Accept a server certificate or SSH host key with this SHA-256 fingerprint (as printed when one is not trusted).</source>
            <translation>Accepter un certificat de serveur ou une clé d'hôte SSH ayant cette empreinte SHA-256 (telle qu'affichée quand elle n'est pas approuvée).</translation>
        </message>
        <message>
            <source>For sftp:// URLs: a private key file to log in with (after the ssh-agent's keys, before ~/.ssh's and the password).</source>
            <translation>Pour les URL sftp:// : un fichier de clé privée pour se connecter (après les clés de l'agent ssh, avant celles de ~/.ssh et le mot de passe).</translation>
        </message>
        <message>
            <source>Accept any certificate (for tests; never for real servers).</source>
            <translation>Accepter n'importe quel certificat (pour les tests ; jamais pour de vrais serveurs).</translation>
        </message>
        <message>
            <source>Use a stored site (NAME or Folder/Name): commands then take remote paths instead of URLs, and the password comes from the keychain.</source>
            <translation>Utiliser un site enregistré (NOM ou Dossier/Nom) : les commandes prennent alors des chemins distants au lieu d'URL, et le mot de passe vient du trousseau.</translation>
        </message>
        <message>
            <source>One JSON object per entry.</source>
            <translation>Un objet JSON par entrée.</translation>
        </message>
        <message>
            <source>auto, mlsd, list or nlst (default auto).</source>
            <translation>auto, mlsd, list ou nlst (auto par défaut).</translation>
        </message>
        <message>
            <source>The listing dialect (default auto; the types are listed below).</source>
            <translation>Le dialecte du listage (auto par défaut ; les types sont listés ci-dessous).</translation>
        </message>
        <message>
            <source>The date that decides the year of 'Mon DD HH:MM' entries.</source>
            <translation>La date qui détermine l'année des entrées « Mon DD HH:MM ».</translation>
        </message>
        <message>
            <source>Connections at once, from 1 to 32 (default 4).</source>
            <translation>Connexions simultanées, de 1 à 32 (4 par défaut).</translation>
        </message>
        <message>
            <source>Retries of a file after a drop, a timeout or a 4xx reply, from 0 to 100 (default 3).</source>
            <translation>Nouvelles tentatives pour un fichier après une coupure, un délai dépassé ou une réponse 4xx, de 0 à 100 (3 par défaut).</translation>
        </message>
        <message>
            <source>Cap the total speed in each direction, in bytes per second (e.g. 500k or 2M).</source>
            <translation>Limiter la vitesse totale dans chaque sens, en octets par seconde (par ex. 500k ou 2M).</translation>
        </message>
        <message>
            <source>Show the progress bar even when stderr is not a terminal.</source>
            <translation>Afficher la barre de progression même quand la sortie d'erreur n'est pas un terminal.</translation>
        </message>
        <message>
            <source>Never show the progress bar.</source>
            <translation>Ne jamais afficher la barre de progression.</translation>
        </message>
        <message>
            <source>Skip every link in a folder (get -r, put -r, queue run). By default put -r follows links that stay inside the folder it sends and get -r follows links on the server; loops, links leaving the sent folder and links to nothing are skipped. Every entry not sent gets a warning and counts as skipped.</source>
            <translation>Ignorer tous les liens d'un dossier (get -r, put -r, queue run). Par défaut, put -r suit les liens qui restent dans le dossier envoyé et get -r suit les liens du serveur ; les boucles, les liens qui sortent du dossier envoyé et les liens vers rien sont ignorés. Chaque entrée non envoyée donne un avertissement et compte comme ignorée.</translation>
        </message>
        <message>
            <source>Keep the queue in this SQLite file, to continue with queue run after a crash (queue's default: ~/.local/share/ferry/queue.sqlite).</source>
            <translation>Conserver la file d'attente dans ce fichier SQLite, pour la reprendre avec queue run après un plantage (par défaut pour queue : ~/.local/share/ferry/queue.sqlite).</translation>
        </message>
        <message>
            <source>A folder and everything in it (get, put, cp: transfer; rm, rmdir: delete, through the queue, never following a link).</source>
            <translation>Un dossier et tout son contenu (get, put, cp : transfert ; rm, rmdir : suppression, via la file d'attente, sans jamais suivre de lien).</translation>
        </message>
        <message>
            <source>When the target exists: ask, overwrite (the default), newer, size, resume, rename or skip.</source>
            <translation>Quand la cible existe : ask, overwrite (par défaut), newer, size, resume, rename ou skip.</translation>
        </message>
        <message>
            <source>get: continue LOCAL.part; put and cp: append after the target's size.</source>
            <translation>get : continuer LOCAL.part ; put et cp : ajouter après la taille de la cible.</translation>
        </message>
        <message>
            <source>cp: copy through ferry-cli (download into upload), never server to server.</source>
            <translation>cp : copier à travers ferry-cli (téléchargement puis envoi), jamais de serveur à serveur.</translation>
        </message>
        <message>
            <source>Transfer as ASCII text (TYPE A).</source>
            <translation>Transférer en texte ASCII (TYPE A).</translation>
        </message>
        <message>
            <source>Transfer byte for byte (TYPE I, the default).</source>
            <translation>Transférer octet par octet (TYPE I, par défaut).</translation>
        </message>
        <message>
            <source>ASCII for names with a text extension, binary for the others.</source>
            <translation>ASCII pour les noms ayant une extension de texte, binaire pour les autres.</translation>
        </message>
        <message>
            <source>Do not copy modification times to the target.</source>
            <translation>Ne pas copier les dates de modification sur la cible.</translation>
        </message>
        <message>
            <source>Let rm -r delete / (everything on the server).</source>
            <translation>Permettre à rm -r de supprimer / (tout le contenu du serveur).</translation>
        </message>
        <message>
            <source>Remove the failed jobs (not the finished ones).</source>
            <translation>Retirer les tâches échouées (pas celles qui sont terminées).</translation>
        </message>
        <message>
            <source>Remove every job: the queue is empty afterwards.</source>
            <translation>Retirer toutes les tâches : la file d'attente est ensuite vide.</translation>
        </message>
        <message>
            <source>Print the plan, one action a line (with --json, one object a line), and change nothing.</source>
            <translation>Afficher le plan, une action par ligne (avec --json, un objet par ligne), sans rien changer.</translation>
        </message>
        <message>
            <source>up (the default: LOCAL to the server), down, or both (the side changed since the last sync wins, before a first sync the newer one; a file changed on both sides is a conflict, left as it is).</source>
            <translation>up (par défaut : LOCAL vers le serveur), down, ou both (le côté modifié depuis la dernière synchronisation l'emporte, avant une première synchronisation le plus récent ; un fichier modifié des deux côtés est un conflit, laissé tel quel).</translation>
        </message>
        <message>
            <source>Delete what is only on the target side (folders with everything in them); never without this flag, never outside the two folders.</source>
            <translation>Supprimer ce qui n'existe que du côté cible (les dossiers avec tout leur contenu) ; jamais sans cette option, jamais hors des deux dossiers.</translation>
        </message>
        <message>
            <source>size,time (the default), size, time, or checksum (the server's HASH/XSHA*/XMD5 against the local file).</source>
            <translation>size,time (par défaut), size, time ou checksum (le HASH/XSHA*/XMD5 du serveur comparé au fichier local).</translation>
        </message>
        <message>
            <source>Leave out names matching GLOB (with a '/': paths from the two folders); neither copied nor deleted. May be repeated.</source>
            <translation>Exclure les noms correspondant à GLOB (avec un « / » : chemins depuis les deux dossiers) ; ni copiés ni supprimés. Peut être répété.</translation>
        </message>
        <message>
            <source>Add MINUTES to the times the server lists (FileZilla's "adjust server time"; by default a site's offset; MLSD times are UTC and never shifted).</source>
            <translation>Ajouter MINUTES aux heures listées par le serveur (« ajuster l'heure du serveur » de FileZilla ; par défaut le décalage du site ; les heures MLSD sont en UTC et jamais décalées).</translation>
        </message>
        <message>
            <source>The site's name (required).</source>
            <translation>Le nom du site (obligatoire).</translation>
        </message>
        <message>
            <source>The server's host name or address (required).</source>
            <translation>Le nom d'hôte ou l'adresse du serveur (obligatoire).</translation>
        </message>
        <message>
            <source>The port (default 21; 990 for ftps, 22 for sftp).</source>
            <translation>Le port (21 par défaut ; 990 pour ftps, 22 pour sftp).</translation>
        </message>
        <message>
            <source>ftp (the default), ftpes, ftps or sftp.</source>
            <translation>ftp (par défaut), ftpes, ftps ou sftp.</translation>
        </message>
        <message>
            <source>With --protocol ftp: require (the default), if-available or plain.</source>
            <translation>Avec --protocol ftp : require (par défaut), if-available ou plain.</translation>
        </message>
        <message>
            <source>The user name (without one: anonymous).</source>
            <translation>Le nom d'utilisateur (sans nom : anonyme).</translation>
        </message>
        <message>
            <source>Read the password from stdin and keep it in the system keychain.</source>
            <translation>Lire le mot de passe sur l'entrée standard et le conserver dans le trousseau du système.</translation>
        </message>
        <message>
            <source>Never keep the password; ask for it when connecting.</source>
            <translation>Ne jamais conserver le mot de passe ; le demander à la connexion.</translation>
        </message>
        <message>
            <source>The account for servers that ask for ACCT.</source>
            <translation>Le compte pour les serveurs qui demandent ACCT.</translation>
        </message>
        <message>
            <source>SFTP: log in with this private key (its passphrase is asked for when needed).</source>
            <translation>SFTP : se connecter avec cette clé privée (sa phrase de passe est demandée si nécessaire).</translation>
        </message>
        <message>
            <source>SFTP: do not offer the ssh-agent's keys.</source>
            <translation>SFTP : ne pas proposer les clés de l'agent ssh.</translation>
        </message>
        <message>
            <source>The site manager folder the site goes in.</source>
            <translation>Le dossier du gestionnaire de sites où placer le site.</translation>
        </message>
        <message>
            <source>Where relative remote paths start.</source>
            <translation>Le point de départ des chemins distants relatifs.</translation>
        </message>
        <message>
            <source>default, passive or active.</source>
            <translation>default, passive ou active.</translation>
        </message>
        <message>
            <source>File-name charset for servers without UTF-8.</source>
            <translation>Jeu de caractères des noms de fichiers pour les serveurs sans UTF-8.</translation>
        </message>
        <message>
            <source>Free text.</source>
            <translation>Texte libre.</translation>
        </message>
        <message>
            <source>Move: delete each source file once its transfer is complete and verified (put: the local file; get: the server's), and with -r each source folder left empty. A file that failed or was skipped keeps its source.</source>
            <translation>Déplacer : supprimer chaque fichier source une fois son transfert terminé et vérifié (put : le fichier local ; get : celui du serveur) et, avec -r, chaque dossier source resté vide. Un fichier en échec ou ignoré garde sa source.</translation>
        </message>
    </context>
    <context>
        <name>CliOptions</name>
        <message>
            <source>--active and --passive exclude each other.</source>
            <translation>--active et --passive s'excluent mutuellement.</translation>
        </message>
        <message>
            <source>--timeout takes a number of seconds.</source>
            <translation>--timeout attend un nombre de secondes.</translation>
        </message>
        <message>
            <source>Unknown charset "%1".</source>
            <translation>Jeu de caractères inconnu « %1 ».</translation>
        </message>
        <message>
            <source>--tls takes require, if-available or plain.</source>
            <translation>--tls attend require, if-available ou plain.</translation>
        </message>
        <message>
            <source>--trust-fingerprint takes SHA256: and 64 hex digits (a certificate) or SHA256: and 43 base64 characters (a host key).</source>
            <translation>--trust-fingerprint attend SHA256: suivi de 64 chiffres hexadécimaux (un certificat) ou SHA256: suivi de 43 caractères base64 (une clé d'hôte).</translation>
        </message>
        <message>
            <source>--identity: no such key file: %1</source>
            <translation>--identity : fichier de clé introuvable : %1</translation>
        </message>
        <message>
            <source>--list-mode takes auto, mlsd, list or nlst.</source>
            <translation>--list-mode attend auto, mlsd, list ou nlst.</translation>
        </message>
        <message>
            <source>Unknown server type "%1".</source>
            <translation>Type de serveur inconnu « %1 ».</translation>
        </message>
        <message>
            <source>--today takes a date as YYYY-MM-DD.</source>
            <translation>--today attend une date au format AAAA-MM-JJ.</translation>
        </message>
        <message>
            <source>--ascii, --binary and --auto exclude each other.</source>
            <translation>--ascii, --binary et --auto s'excluent mutuellement.</translation>
        </message>
        <message>
            <source>--parallel takes a number of connections from 1 to 32.</source>
            <translation>--parallel attend un nombre de connexions de 1 à 32.</translation>
        </message>
        <message>
            <source>--retries takes a number from 0 to 100.</source>
            <translation>--retries attend un nombre de 0 à 100.</translation>
        </message>
        <message>
            <source>--overwrite takes ask, overwrite, newer, size, resume, rename or skip.</source>
            <translation>--overwrite attend ask, overwrite, newer, size, resume, rename ou skip.</translation>
        </message>
        <message>
            <source>--limit-rate takes bytes per second, e.g. 500k or 2M.</source>
            <translation>--limit-rate attend des octets par seconde, par ex. 500k ou 2M.</translation>
        </message>
        <message>
            <source>Cannot read the password from stdin.</source>
            <translation>Impossible de lire le mot de passe sur l'entrée standard.</translation>
        </message>
    </context>
    <context>
        <name>CopyCommands</name>
        <message>
            <source>The servers cannot copy to each other (FXP over TLS needs SSCN or CPSV); copying through ferry-cli.</source>
            <translation>Les serveurs ne peuvent pas copier l'un vers l'autre (le FXP sur TLS demande SSCN ou CPSV) ; copie à travers ferry-cli.</translation>
        </message>
        <message>
            <source>The servers refused a direct copy (%1); copying through ferry-cli.</source>
            <translation>Les serveurs ont refusé une copie directe (%1) ; copie à travers ferry-cli.</translation>
        </message>
        <message>
            <source>warning: %1 is a link; not copied.</source>
            <translation>avertissement : %1 est un lien ; non copié.</translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) copied</source>
            <translation>
                <numerusform>%n fichier copié</numerusform>
                <numerusform>%n fichiers copiés</numerusform>
            </translation>
        </message>
        <message>
            <source>cp copies between FTP servers (ftp://, ftpes://, ftps://); for sftp:// use get and put.</source>
            <translation>cp copie entre serveurs FTP (ftp://, ftpes://, ftps://) ; pour sftp://, utilisez get et put.</translation>
        </message>
        <message>
            <source>%1 names a folder: use cp -r.</source>
            <translation>%1 désigne un dossier : utilisez cp -r.</translation>
        </message>
        <message>
            <source>A partial target file stays as it is: cp --resume continues it, cp without --resume replaces it.</source>
            <translation>Un fichier cible partiel reste tel quel : cp --resume le continue, cp sans --resume le remplace.</translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) copied (%1 server to server, %2 through ferry-cli)</source>
            <translation>
                <numerusform>%n fichier copié (%1 de serveur à serveur, %2 à travers ferry-cli)</numerusform>
                <numerusform>%n fichiers copiés (%1 de serveur à serveur, %2 à travers ferry-cli)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) copied server to server (FXP)</source>
            <translation>
                <numerusform>%n fichier copié de serveur à serveur (FXP)</numerusform>
                <numerusform>%n fichiers copiés de serveur à serveur (FXP)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) copied through ferry-cli</source>
            <translation>
                <numerusform>%n fichier copié à travers ferry-cli</numerusform>
                <numerusform>%n fichiers copiés à travers ferry-cli</numerusform>
            </translation>
        </message>
        <message>
            <source>%1, %2 bytes in %3 s</source>
            <translation>%1, %2 octets en %3 s</translation>
        </message>
        <message numerus="yes">
            <source>%1; %n already complete</source>
            <translation>
                <numerusform>%1 ; %n déjà complet</numerusform>
                <numerusform>%1 ; %n déjà complets</numerusform>
            </translation>
        </message>
        <message>
            <source>%1: not copied (%2)</source>
            <translation>%1 : non copié (%2)</translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) or folder(s) could not be copied: %1</source>
            <translation>
                <numerusform>%n fichier ou dossier n'a pas pu être copié : %1</numerusform>
                <numerusform>%n fichiers ou dossiers n'ont pas pu être copiés : %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Credentials</name>
        <message>
            <source>Password for %1@%2: </source>
            <translation>Mot de passe pour %1@%2 : </translation>
        </message>
        <message>
            <source>No password for %1@%2: give it with --password-stdin, FERRY_PASSWORD or in the URL (ftp://USER:PASSWORD@HOST/). Nothing was sent.</source>
            <translation>Pas de mot de passe pour %1@%2 : donnez-le avec --password-stdin, FERRY_PASSWORD ou dans l'URL (ftp://UTILISATEUR:MOTDEPASSE@HÔTE/). Rien n'a été envoyé.</translation>
        </message>
        <message>
            <source>No password for %1@%2. Nothing was sent.</source>
            <translation>Pas de mot de passe pour %1@%2. Rien n'a été envoyé.</translation>
        </message>
    </context>
    <context>
        <name>FileCommands</name>
        <message>
            <source>Refusing to delete / (everything on the server) without --force.</source>
            <translation>Refus de supprimer / (tout le contenu du serveur) sans --force.</translation>
        </message>
        <message>
            <source>%1 names a folder: rm -r deletes it with everything in it.</source>
            <translation>%1 désigne un dossier : rm -r le supprime avec tout son contenu.</translation>
        </message>
        <message>
            <source>%1 is a folder: rm -r deletes it with everything in it.</source>
            <translation>%1 est un dossier : rm -r le supprime avec tout son contenu.</translation>
        </message>
        <message>
            <source>%1 (the folder is not empty: rmdir -r deletes it with everything in it)</source>
            <translation>%1 (le dossier n'est pas vide : rmdir -r le supprime avec tout son contenu)</translation>
        </message>
        <message>
            <source>chmod takes an octal MODE of 1 to 4 digits (e.g. 644), not "%1".</source>
            <translation>chmod attend un MODE octal de 1 à 4 chiffres (par ex. 644), pas « %1 ».</translation>
        </message>
        <message>
            <source>quote sends FTP commands; %1 is not an FTP server.</source>
            <translation>quote envoie des commandes FTP ; %1 n'est pas un serveur FTP.</translation>
        </message>
    </context>
    <context>
        <name>ListingCommands</name>
        <message>
            <source>Cannot read standard input.</source>
            <translation>Impossible de lire l'entrée standard.</translation>
        </message>
    </context>
    <context>
        <name>ProgressBar</name>
        <message>
            <source>%1/%2 files</source>
            <translation>%1/%2 fichiers</translation>
        </message>
    </context>
    <context>
        <name>Prompts</name>
        <message>
            <source>[r]eject, accept [o]nce, or [a]lways trust? </source>
            <translation>rejeter [r], accepter une fois [o] ou toujours approuver [a] ? </translation>
        </message>
        <message>
            <source>Accepting an untrusted certificate (--insecure): SHA256:%1</source>
            <translation>Certificat non approuvé accepté (--insecure) : SHA256:%1</translation>
        </message>
        <message>
            <source>The certificate does not match --trust-fingerprint.</source>
            <translation>Le certificat ne correspond pas à --trust-fingerprint.</translation>
        </message>
        <message>
            <source>To trust this certificate, run again with --trust-fingerprint SHA256:%1</source>
            <translation>Pour approuver ce certificat, relancez avec --trust-fingerprint SHA256:%1</translation>
        </message>
        <message>
            <source>Accepting an unknown host key (--insecure): %1 %2</source>
            <translation>Clé d'hôte inconnue acceptée (--insecure) : %1 %2</translation>
        </message>
        <message>
            <source>To trust this host key, run again with --trust-fingerprint %1</source>
            <translation>Pour approuver cette clé d'hôte, relancez avec --trust-fingerprint %1</translation>
        </message>
        <message>
            <source>No password: give it with --password-stdin or FERRY_PASSWORD, or log in with a key (--identity FILE or the ssh-agent).</source>
            <translation>Pas de mot de passe : donnez-le avec --password-stdin ou FERRY_PASSWORD, ou connectez-vous avec une clé (--identity FICHIER ou l'agent ssh).</translation>
        </message>
        <message>
            <source>%1 exists; skipped (use --overwrite=POLICY).</source>
            <translation>%1 existe ; ignoré (utilisez --overwrite=POLITIQUE).</translation>
        </message>
        <message>
            <source>%1 exists (%2 bytes; the source has %3).</source>
            <translation>%1 existe (%2 octets ; la source en a %3).</translation>
        </message>
        <message>
            <source>[o]verwrite, [s]kip, [r]esume, re[n]ame, ne[w]er only, si[z]e differs only (a capital letter: for all)? </source>
            <translation>écraser [o], ignorer [s], reprendre [r], renommer [n], si plus récent seulement [w], si la taille diffère seulement [z] (en majuscule : pour tous) ? </translation>
        </message>
    </context>
    <context>
        <name>QueueCommands</name>
        <message>
            <source>--failed and --all exclude each other.</source>
            <translation>--failed et --all s'excluent mutuellement.</translation>
        </message>
        <message numerus="yes">
            <source>%n job(s) removed; the queue is empty.</source>
            <translation>
                <numerusform>%n tâche retirée ; la file d'attente est vide.</numerusform>
                <numerusform>%n tâches retirées ; la file d'attente est vide.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n failed job(s) removed.</source>
            <translation>
                <numerusform>%n tâche échouée retirée.</numerusform>
                <numerusform>%n tâches échouées retirées.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n finished job(s) removed.</source>
            <translation>
                <numerusform>%n tâche terminée retirée.</numerusform>
                <numerusform>%n tâches terminées retirées.</numerusform>
            </translation>
        </message>
        <message>
            <source>The queue holds jobs of a site from the site manager (%1); continue them in the window.</source>
            <translation>La file d'attente contient des tâches d'un site du gestionnaire de sites (%1) ; reprenez-les dans la fenêtre.</translation>
        </message>
        <message>
            <source>The queue names an unusable site %1: %2</source>
            <translation>La file d'attente désigne un site inutilisable %1 : %2</translation>
        </message>
        <message numerus="yes">
            <source>%n job(s) in the queue failed earlier (queue list shows them; queue retry runs them again).</source>
            <translation>
                <numerusform>%n tâche de la file d'attente a échoué auparavant (queue list l'affiche ; queue retry la relance).</numerusform>
                <numerusform>%n tâches de la file d'attente ont échoué auparavant (queue list les affiche ; queue retry les relance).</numerusform>
            </translation>
        </message>
        <message>
            <source>usage: ferry-cli [--queue-db PATH] queue run|retry|list|clear</source>
            <translation>usage : ferry-cli [--queue-db CHEMIN] queue run|retry|list|clear</translation>
        </message>
        <message numerus="yes">
            <source>Resuming %n interrupted job(s).</source>
            <translation>
                <numerusform>Reprise de %n tâche interrompue.</numerusform>
                <numerusform>Reprise de %n tâches interrompues.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>QueueRun</name>
        <message>
            <source>The partial download is kept in %1; run again with --resume to continue.</source>
            <translation>Le téléchargement partiel est conservé dans %1 ; relancez avec --resume pour continuer.</translation>
        </message>
        <message>
            <source>warning: %1</source>
            <translation>avertissement : %1</translation>
        </message>
        <message numerus="yes">
            <source>%1 (%n jobs)</source>
            <translation>
                <numerusform>%1 (%n tâche)</numerusform>
                <numerusform>%1 (%n tâches)</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 refused more connections; continuing with %2.</source>
            <translation>%1 a refusé d'autres connexions ; poursuite avec %2.</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
        <message>
            <source>%1 and %2 deleted in %3 s; %4 failed.</source>
            <translation>%1 et %2 supprimés en %3 s ; %4 en échec.</translation>
        </message>
        <message numerus="yes">
            <source>%n file(s)</source>
            <comment>deleted</comment>
            <translation>
                <numerusform>%n fichier</numerusform>
                <numerusform>%n fichiers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n folder(s)</source>
            <comment>deleted</comment>
            <translation>
                <numerusform>%n dossier</numerusform>
                <numerusform>%n dossiers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%1, %2 in %3 s (%4/s); %5 failed, %6 skipped; %n folder(s) failed.</source>
            <translation>
                <numerusform>%1, %2 en %3 s (%4/s) ; %5 en échec, %6 ignoré(s) ; %n dossier en échec.</numerusform>
                <numerusform>%1, %2 en %3 s (%4/s) ; %5 en échec, %6 ignoré(s) ; %n dossiers en échec.</numerusform>
            </translation>
        </message>
        <message>
            <source>%1, %2 in %3 s (%4/s); %5 failed, %6 skipped.</source>
            <translation>%1, %2 en %3 s (%4/s) ; %5 en échec, %6 ignoré(s).</translation>
        </message>
        <message numerus="yes">
            <source>%n file(s)</source>
            <comment>transferred</comment>
            <translation>
                <numerusform>%n fichier</numerusform>
                <numerusform>%n fichiers</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>SiteCommands</name>
        <message>
            <source>the keychain did not answer</source>
            <translation>le trousseau n'a pas répondu</translation>
        </message>
        <message>
            <source>none (anonymous)</source>
            <translation>aucun (anonyme)</translation>
        </message>
        <message>
            <source>in the system keychain (never shown)</source>
            <translation>dans le trousseau du système (jamais affiché)</translation>
        </message>
        <message>
            <source>not stored; asked at connect time</source>
            <translation>non enregistré ; demandé à la connexion</translation>
        </message>
        <message>
            <source>Cannot store the password in the keychain: %1</source>
            <translation>Impossible d'enregistrer le mot de passe dans le trousseau : %1</translation>
        </message>
        <message>
            <source>--protocol takes ftp, ftpes, ftps or sftp.</source>
            <translation>--protocol attend ftp, ftpes, ftps ou sftp.</translation>
        </message>
        <message>
            <source>--port takes a number from 1 to 65535.</source>
            <translation>--port attend un nombre de 1 à 65535.</translation>
        </message>
        <message>
            <source>--tls applies to --protocol ftp (ftpes and ftps always require TLS).</source>
            <translation>--tls s'applique à --protocol ftp (ftpes et ftps exigent toujours TLS).</translation>
        </message>
        <message>
            <source>--transfer-mode takes default, passive or active.</source>
            <translation>--transfer-mode attend default, passive ou active.</translation>
        </message>
        <message>
            <source>--password-stdin needs --user (anonymous sites have no password).</source>
            <translation>--password-stdin demande --user (les sites anonymes n'ont pas de mot de passe).</translation>
        </message>
        <message>
            <source>Not saving sites: %1</source>
            <translation>Sites non enregistrés : %1</translation>
        </message>
        <message>
            <source>The site is saved without a password; it will be asked for when connecting.</source>
            <translation>Le site est enregistré sans mot de passe ; il sera demandé à la connexion.</translation>
        </message>
        <message>
            <source>Added %1</source>
            <translation>%1 ajouté</translation>
        </message>
        <message>
            <source>The password could not be removed from the keychain: %1</source>
            <translation>Le mot de passe n'a pas pu être retiré du trousseau : %1</translation>
        </message>
        <message>
            <source>Removed %1</source>
            <translation>%1 supprimé</translation>
        </message>
        <message>
            <source>Cannot read %1: %2</source>
            <translation>Impossible de lire %1 : %2</translation>
        </message>
        <message>
            <source>Passwords were not imported; they will be asked for when connecting.</source>
            <translation>Les mots de passe n'ont pas été importés ; ils seront demandés à la connexion.</translation>
        </message>
        <message numerus="yes">
            <source>Imported %n site(s).</source>
            <translation>
                <numerusform>%n site importé.</numerusform>
                <numerusform>%n sites importés.</numerusform>
            </translation>
        </message>
        <message>
            <source>Password for %1@%2 (%3): </source>
            <translation>Mot de passe pour %1@%2 (%3) : </translation>
        </message>
        <message>
            <source>usage: ferry-cli sites %1</source>
            <translation>usage : ferry-cli sites %1</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>Impossible d'écrire %1 : %2</translation>
        </message>
        <message numerus="yes">
            <source>Exported %n site(s) (without passwords).</source>
            <translation>
                <numerusform>%n site exporté (sans mot de passe).</numerusform>
                <numerusform>%n sites exportés (sans les mots de passe).</numerusform>
            </translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1 : %2</translation>
        </message>
        <message>
            <source>usage: ferry-cli sites list|show NAME|add ...|remove NAME|import-filezilla FILE|export FILE|import FILE</source>
            <translation>usage : ferry-cli sites list|show NOM|add ...|remove NOM|import-filezilla FICHIER|export FICHIER|import FICHIER</translation>
        </message>
        <message>
            <source>No password stored for %1: use --password-stdin or FERRY_PASSWORD. Nothing was sent.</source>
            <translation>Aucun mot de passe enregistré pour %1 : utilisez --password-stdin ou FERRY_PASSWORD. Rien n'a été envoyé.</translation>
        </message>
        <message>
            <source>No password from the keychain (%1): use --password-stdin or FERRY_PASSWORD. Nothing was sent.</source>
            <translation>Aucun mot de passe du trousseau (%1) : utilisez --password-stdin ou FERRY_PASSWORD. Rien n'a été envoyé.</translation>
        </message>
        <message>
            <source>No password for %1: use --password-stdin or FERRY_PASSWORD. Nothing was sent.</source>
            <translation>Pas de mot de passe pour %1 : utilisez --password-stdin ou FERRY_PASSWORD. Rien n'a été envoyé.</translation>
        </message>
        <message>
            <source>With --site, give a remote path, not a URL: %1</source>
            <translation>Avec --site, donnez un chemin distant, pas une URL : %1</translation>
        </message>
        <message>
            <source>A path cannot contain line breaks or NUL.</source>
            <translation>Un chemin ne peut pas contenir de saut de ligne ni de NUL.</translation>
        </message>
    </context>
    <context>
        <name>SyncCommands</name>
        <message>
            <source>--direction takes up, down or both.</source>
            <translation>--direction attend up, down ou both.</translation>
        </message>
        <message>
            <source>--delete does not go with --direction both: a file new on one side cannot be told from one deleted on the other.</source>
            <translation>--delete ne va pas avec --direction both : un fichier nouveau d'un côté ne se distingue pas d'un fichier supprimé de l'autre.</translation>
        </message>
        <message>
            <source>--compare takes size, time (or both: size,time) or checksum.</source>
            <translation>--compare attend size, time (ou les deux : size,time) ou checksum.</translation>
        </message>
        <message>
            <source>--compare checksum goes alone (it compares sizes first).</source>
            <translation>--compare checksum s'utilise seul (il compare d'abord les tailles).</translation>
        </message>
        <message>
            <source>--time-offset takes minutes from -1440 to 1440.</source>
            <translation>--time-offset attend des minutes de -1440 à 1440.</translation>
        </message>
        <message>
            <source>Not a folder: %1</source>
            <translation>Pas un dossier : %1</translation>
        </message>
        <message>
            <source>No such local folder: %1</source>
            <translation>Dossier local introuvable : %1</translation>
        </message>
        <message>
            <source>No such remote folder: %1 (%2)</source>
            <translation>Dossier distant introuvable : %1 (%2)</translation>
        </message>
        <message>
            <source>conflict: %1 (left as it is)</source>
            <translation>conflit : %1 (laissé tel quel)</translation>
        </message>
        <message>
            <source>%1: left out (%2)</source>
            <translation>%1 : exclu (%2)</translation>
        </message>
        <message>
            <source>Nothing to do: the folders are in step.</source>
            <translation>Rien à faire : les dossiers sont en accord.</translation>
        </message>
        <message>
            <source>warning: cannot record the sync time: %1</source>
            <translation>avertissement : impossible d'enregistrer l'heure de synchronisation : %1</translation>
        </message>
        <message>
            <source>Plan: %1, %2, %3, %4, %5.</source>
            <translation>Plan : %1, %2, %3, %4, %5.</translation>
        </message>
        <message numerus="yes">
            <source>%n upload(s)</source>
            <translation>
                <numerusform>%n envoi</numerusform>
                <numerusform>%n envois</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n download(s)</source>
            <translation>
                <numerusform>%n téléchargement</numerusform>
                <numerusform>%n téléchargements</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n folder(s) to make</source>
            <translation>
                <numerusform>%n dossier à créer</numerusform>
                <numerusform>%n dossiers à créer</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n deletion(s)</source>
            <translation>
                <numerusform>%n suppression</numerusform>
                <numerusform>%n suppressions</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n conflict(s)</source>
            <translation>
                <numerusform>%n conflit</numerusform>
                <numerusform>%n conflits</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n conflict(s) not synchronised: both sides left as they are.</source>
            <translation>
                <numerusform>%n conflit non synchronisé : les deux côtés sont laissés tels quels.</numerusform>
                <numerusform>%n conflits non synchronisés : les deux côtés sont laissés tels quels.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>TransferCommands</name>
        <message>
            <source>get needs a file URL, not a folder: %1 (folders come with get -r)</source>
            <translation>get attend l'URL d'un fichier, pas d'un dossier : %1 (les dossiers se téléchargent avec get -r)</translation>
        </message>
        <message>
            <source>Refusing to download to the local name "%1".</source>
            <translation>Refus de télécharger vers le nom local « %1 ».</translation>
        </message>
        <message>
            <source>Several files go to a folder: end the URL with '/'.</source>
            <translation>Plusieurs fichiers vont dans un dossier : terminez l'URL par « / ».</translation>
        </message>
        <message>
            <source>No such local file: %1</source>
            <translation>Fichier local introuvable : %1</translation>
        </message>
        <message>
            <source>Not a regular file: %1 (folders come with put -r)</source>
            <translation>Pas un fichier ordinaire : %1 (les dossiers s'envoient avec put -r)</translation>
        </message>
        <message>
            <source>Not a regular file: %1</source>
            <translation>Pas un fichier ordinaire : %1</translation>
        </message>
        <message>
            <source>Cannot read %1: %2</source>
            <translation>Impossible de lire %1 : %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::Actions</name>
        <message>
            <source>&amp;Site Manager…</source>
            <translation>Gestionnaire de &amp;sites…</translation>
        </message>
        <message>
            <source>Keep your servers, with their settings and passwords</source>
            <translation>Conservez vos serveurs, avec leurs paramètres et leurs mots de passe</translation>
        </message>
        <message>
            <source>&amp;Connect to a Server…</source>
            <translation>Se &amp;connecter à un serveur…</translation>
        </message>
        <message>
            <source>Type a server or a URL in the connection bar</source>
            <translation>Saisissez un serveur ou une URL dans la barre de connexion</translation>
        </message>
        <message>
            <source>&amp;Disconnect</source>
            <translation>Se &amp;déconnecter</translation>
        </message>
        <message>
            <source>&amp;Reconnect</source>
            <translation>Se &amp;reconnecter</translation>
        </message>
        <message>
            <source>Drop the connection to the server and connect again</source>
            <translation>Couper la connexion au serveur et se connecter à nouveau</translation>
        </message>
        <message>
            <source>Show &amp;Certificate</source>
            <translation>Afficher le &amp;certificat</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <source>&amp;Download</source>
            <translation>&amp;Télécharger</translation>
        </message>
        <message>
            <source>&amp;Add to Queue</source>
            <translation>&amp;Ajouter à la file d'attente</translation>
        </message>
        <message>
            <source>Queue the selection without starting the queue</source>
            <translation>Mettre la sélection en file d'attente sans démarrer la file</translation>
        </message>
        <message>
            <source>&amp;Open</source>
            <translation>Ou&amp;vrir</translation>
        </message>
        <message>
            <source>Open with the default application (a server's file: a read-only copy)</source>
            <translation>Ouvrir avec l'application par défaut (un fichier du serveur : une copie en lecture seule)</translation>
        </message>
        <message>
            <source>Ed&amp;it</source>
            <translation>Mod&amp;ifier</translation>
        </message>
        <message>
            <source>Edit with the default application; a server's file is offered for upload when saved</source>
            <translation>Modifier avec l'application par défaut ; l'envoi d'un fichier du serveur est proposé à l'enregistrement</translation>
        </message>
        <message>
            <source>Edit &amp;With…</source>
            <translation>&amp;Modifier avec…</translation>
        </message>
        <message>
            <source>Edit with an application you name (a command)</source>
            <translation>Modifier avec une application de votre choix (une commande)</translation>
        </message>
        <message>
            <source>&amp;Process Queue</source>
            <translation>T&amp;raiter la file d'attente</translation>
        </message>
        <message>
            <source>Enter and Double-Click &amp;Open Files</source>
            <translation>Entrée et double-clic &amp;ouvrent les fichiers</translation>
        </message>
        <message>
            <source>Off: Enter transfers a file to the other side's folder (as in FileZilla)</source>
            <translation>Désactivé : Entrée transfère un fichier vers le dossier de l'autre côté (comme dans FileZilla)</translation>
        </message>
        <message>
            <source>New &amp;Folder…</source>
            <translation>Nouveau &amp;dossier…</translation>
        </message>
        <message>
            <source>New &amp;Empty File…</source>
            <translation>Nouveau &amp;fichier vide…</translation>
        </message>
        <message>
            <source>&amp;Rename</source>
            <translation>&amp;Renommer</translation>
        </message>
        <message>
            <source>&amp;Delete…</source>
            <translation>&amp;Supprimer…</translation>
        </message>
        <message>
            <source>Delete &amp;Permanently…</source>
            <translation>Supprimer défi&amp;nitivement…</translation>
        </message>
        <message>
            <source>Delete without using the trash</source>
            <translation>Supprimer sans passer par la corbeille</translation>
        </message>
        <message>
            <source>Per&amp;missions…</source>
            <translation>&amp;Permissions…</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>&amp;Copier</translation>
        </message>
        <message>
            <source>Copy the selection; paste it in the other pane to transfer it</source>
            <translation>Copier la sélection ; collez-la dans l'autre volet pour la transférer</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>C&amp;oller</translation>
        </message>
        <message>
            <source>Transfer what was copied in the other pane to this folder</source>
            <translation>Transférer dans ce dossier ce qui a été copié dans l'autre volet</translation>
        </message>
        <message>
            <source>Copy &amp;URL</source>
            <translation>Copier l'&amp;URL</translation>
        </message>
        <message>
            <source>Copy Pat&amp;h</source>
            <translation>Copier le c&amp;hemin</translation>
        </message>
        <message>
            <source>Select &amp;All</source>
            <translation>&amp;Tout sélectionner</translation>
        </message>
        <message>
            <source>&amp;Filter…</source>
            <translation>&amp;Filtrer…</translation>
        </message>
        <message>
            <source>Show only the names that match</source>
            <translation>N'afficher que les noms correspondants</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>Para&amp;mètres…</translation>
        </message>
        <message>
            <source>Transfers, connections and the interface</source>
            <translation>Transferts, connexions et interface</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>Actua&amp;liser</translation>
        </message>
        <message>
            <source>Show &amp;Hidden Files</source>
            <translation>Afficher les fichiers &amp;cachés</translation>
        </message>
        <message>
            <source>Folder &amp;Trees</source>
            <translation>&amp;Arborescences des dossiers</translation>
        </message>
        <message>
            <source>Protocol &amp;Log</source>
            <translation>&amp;Journal du protocole</translation>
        </message>
        <message>
            <source>&amp;Directory Comparison</source>
            <translation>C&amp;omparaison des dossiers</translation>
        </message>
        <message>
            <source>Tint the names that are only on one side, newer, or of another size than on the other side</source>
            <translation>Colorer les noms présents d'un seul côté, plus récents ou d'une autre taille que de l'autre côté</translation>
        </message>
        <message>
            <source>Show &amp;Only Differences</source>
            <translation>N'afficher que les &amp;différences</translation>
        </message>
        <message>
            <source>While comparing, hide what is the same on both sides</source>
            <translation>Pendant la comparaison, masquer ce qui est identique des deux côtés</translation>
        </message>
        <message>
            <source>S&amp;ynchronized Browsing</source>
            <translation>Navigation s&amp;ynchronisée</translation>
        </message>
        <message>
            <source>Opening a folder on one side opens the same relative folder on the other</source>
            <translation>Ouvrir un dossier d'un côté ouvre le même dossier relatif de l'autre</translation>
        </message>
        <message>
            <source>&amp;Back</source>
            <translation>&amp;Précédent</translation>
        </message>
        <message>
            <source>&amp;Forward</source>
            <translation>S&amp;uivant</translation>
        </message>
        <message>
            <source>&amp;Up</source>
            <translation>Dossier pa&amp;rent</translation>
        </message>
        <message>
            <source>Go to the parent folder (Backspace)</source>
            <translation>Aller au dossier parent (Retour arrière)</translation>
        </message>
        <message>
            <source>&amp;Edit Location</source>
            <translation>Modifier l'&amp;emplacement</translation>
        </message>
        <message>
            <source>&amp;Switch to the Other Pane</source>
            <translation>Passer à l'autre &amp;volet</translation>
        </message>
        <message>
            <source>The &amp;Desktop's</source>
            <translation>Celles du &amp;bureau</translation>
        </message>
        <message>
            <source>&amp;Light</source>
            <translation>&amp;Claires</translation>
        </message>
        <message>
            <source>D&amp;ark</source>
            <translation>&amp;Sombres</translation>
        </message>
        <message>
            <source>&amp;Add Bookmark…</source>
            <translation>&amp;Ajouter un favori…</translation>
        </message>
        <message>
            <source>Keep the current local and remote folders as a bookmark of this site</source>
            <translation>Garder les dossiers local et distant actuels comme favori de ce site</translation>
        </message>
        <message>
            <source>&amp;Manage Bookmarks…</source>
            <translation>&amp;Gérer les favoris…</translation>
        </message>
        <message>
            <source>&amp;About Ferry</source>
            <translation>À &amp;propos de Ferry</translation>
        </message>
        <message>
            <source>&amp;Upload</source>
            <translation>&amp;Envoyer</translation>
        </message>
        <message>
            <source>Download the selection to the local folder</source>
            <translation>Télécharger la sélection dans le dossier local</translation>
        </message>
        <message>
            <source>Upload the selection to the server's folder</source>
            <translation>Envoyer la sélection dans le dossier du serveur</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Fichier</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>É&amp;dition</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Affichage</translation>
        </message>
        <message>
            <source>&amp;Colours</source>
            <translation>Couleur&amp;s</translation>
        </message>
        <message>
            <source>&amp;Transfer</source>
            <translation>&amp;Transfert</translation>
        </message>
        <message>
            <source>&amp;Server</source>
            <translation>&amp;Serveur</translation>
        </message>
        <message>
            <source>&amp;Bookmarks</source>
            <translation>Fa&amp;voris</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>Aid&amp;e</translation>
        </message>
        <message>
            <source>New &amp;Window</source>
            <translation>&amp;Nouvelle fenêtre</translation>
        </message>
        <message>
            <source>Another window for a second server: drag between the two servers' panes to copy</source>
            <translation>Une autre fenêtre pour un second serveur : glissez entre les volets des deux serveurs pour copier</translation>
        </message>
        <message>
            <source>Next &amp;Area</source>
            <translation>&amp;Zone suivante</translation>
        </message>
        <message>
            <source>Move the focus to the next area: local files, server files, transfers, protocol log</source>
            <translation>Déplacer le focus vers la zone suivante : fichiers locaux, fichiers du serveur, transferts, journal du protocole</translation>
        </message>
        <message>
            <source>S&amp;ynchronise…</source>
            <translation>S&amp;ynchroniser…</translation>
        </message>
        <message>
            <source>Compare the local and the server's folder, see the plan, then bring them in step</source>
            <translation>Comparer le dossier local et celui du serveur, voir le plan, puis les mettre en accord</translation>
        </message>
        <message>
            <source>Download and De&amp;lete From Server…</source>
            <translation>Téléchar&amp;ger et supprimer du serveur…</translation>
        </message>
        <message>
            <source>Upload and De&amp;lete Local Copy…</source>
            <translation>Envoyer et supprimer l'ori&amp;ginal local…</translation>
        </message>
        <message>
            <source>Move the selection to the local folder: each file is deleted from the server once its download is complete and checked</source>
            <translation>Déplacer la sélection vers le dossier local : chaque fichier est supprimé du serveur une fois son téléchargement terminé et vérifié</translation>
        </message>
        <message>
            <source>Move the selection to the server's folder: each local file is deleted once its upload is complete and checked</source>
            <translation>Déplacer la sélection vers le dossier du serveur : chaque fichier local est supprimé une fois son envoi terminé et vérifié</translation>
        </message>
    </context>
    <context>
        <name>ferry::BookmarksDialog</name>
        <message>
            <source>Bookmarks of %1</source>
            <translation>Favoris de %1</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Local folder</source>
            <translation>Dossier local</translation>
        </message>
        <message>
            <source>Remote folder</source>
            <translation>Dossier distant</translation>
        </message>
        <message>
            <source>&amp;Remove</source>
            <translation>&amp;Retirer</translation>
        </message>
        <message>
            <source>Bookmarks</source>
            <translation>Favoris</translation>
        </message>
    </context>
    <context>
        <name>ferry::BrowserPage</name>
        <message>
            <source>Not connected.

Type a server or an ftp:// address above and press Enter.</source>
            <translation>Non connecté.

Saisissez un serveur ou une adresse ftp:// ci-dessus et appuyez sur Entrée.</translation>
        </message>
    </context>
    <context>
        <name>ferry::CertificateDialog</name>
        <message>
            <source>(no name)</source>
            <translation>(sans nom)</translation>
        </message>
        <message>
            <source>Certificate of %1</source>
            <translation>Certificat de %1</translation>
        </message>
        <message>
            <source>The certificate of %1 has changed</source>
            <translation>Le certificat de %1 a changé</translation>
        </message>
        <message>
            <source>Unknown certificate from %1</source>
            <translation>Certificat inconnu de %1</translation>
        </message>
        <message>
            <source>&lt;b&gt;This is not the certificate you trusted for %1.&lt;/b&gt; Someone may be intercepting the connection, or the server's certificate was replaced. Nothing has been sent yet. Reject unless the server's administrator told you the certificate changed.&lt;br&gt;Trusted before: &lt;tt&gt;%2&lt;/tt&gt;</source>
            <translation>&lt;b&gt;Ce n'est pas le certificat que vous avez approuvé pour %1.&lt;/b&gt; Quelqu'un intercepte peut-être la connexion, ou le certificat du serveur a été remplacé. Rien n'a encore été envoyé. Refusez, sauf si l'administrateur du serveur vous a dit que le certificat avait changé.&lt;br&gt;Approuvé auparavant : &lt;tt&gt;%2&lt;/tt&gt;</translation>
        </message>
        <message>
            <source>The server's certificate is not trusted by this computer. Compare the fingerprint with the one your server's administrator gave you. Nothing has been sent yet.</source>
            <translation>Le certificat du serveur n'est pas reconnu par cet ordinateur. Comparez l'empreinte avec celle que l'administrateur de votre serveur vous a donnée. Rien n'a encore été envoyé.</translation>
        </message>
        <message>
            <source>Server:</source>
            <translation>Serveur :</translation>
        </message>
        <message>
            <source>Subject:</source>
            <translation>Sujet :</translation>
        </message>
        <message>
            <source>Also valid for:</source>
            <translation>Valide aussi pour :</translation>
        </message>
        <message>
            <source>Issuer:</source>
            <translation>Émetteur :</translation>
        </message>
        <message>
            <source>%1 (self-signed)</source>
            <translation>%1 (auto-signé)</translation>
        </message>
        <message>
            <source>Valid:</source>
            <translation>Validité :</translation>
        </message>
        <message>
            <source>from %1 to %2</source>
            <translation>du %1 au %2</translation>
        </message>
        <message>
            <source>SHA-256:</source>
            <translation>SHA-256 :</translation>
        </message>
        <message>
            <source>Problems:</source>
            <translation>Problèmes :</translation>
        </message>
        <message>
            <source>Connection:</source>
            <translation>Connexion :</translation>
        </message>
        <message>
            <source>&amp;Reject</source>
            <translation>&amp;Refuser</translation>
        </message>
        <message>
            <source>Accept &amp;Once</source>
            <translation>Accepter une &amp;fois</translation>
        </message>
        <message>
            <source>&amp;Trust Always</source>
            <translation>&amp;Toujours approuver</translation>
        </message>
        <message>
            <source>Connect, and ask again the next time Ferry starts</source>
            <translation>Se connecter, et redemander au prochain démarrage de Ferry</translation>
        </message>
        <message>
            <source>Remember this certificate for %1</source>
            <translation>Mémoriser ce certificat pour %1</translation>
        </message>
    </context>
    <context>
        <name>ferry::CertificateRequest</name>
        <message>
            <source>WARNING: the certificate of %1:%2 has CHANGED since you trusted it. This can mean an attack; accept only if you know why it changed.</source>
            <translation>ATTENTION : le certificat de %1:%2 a CHANGÉ depuis que vous l'avez approuvé. Cela peut signaler une attaque ; n'acceptez que si vous savez pourquoi il a changé.</translation>
        </message>
        <message>
            <source>The certificate of %1:%2 is not trusted.</source>
            <translation>Le certificat de %1:%2 n'est pas approuvé.</translation>
        </message>
        <message>
            <source>Subject: %1</source>
            <translation>Sujet : %1</translation>
        </message>
        <message>
            <source>Issuer: %1</source>
            <translation>Émetteur : %1</translation>
        </message>
        <message>
            <source>Valid: %1 to %2</source>
            <translation>Validité : du %1 au %2</translation>
        </message>
        <message>
            <source>SHA-256 fingerprint: SHA256:%1</source>
            <translation>Empreinte SHA-256 : SHA256:%1</translation>
        </message>
        <message>
            <source>Previously trusted: SHA256:%1</source>
            <translation>Approuvé auparavant : SHA256:%1</translation>
        </message>
        <message>
            <source>Connection: %1, %2</source>
            <translation>Connexion : %1, %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::ChainCall</name>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
    </context>
    <context>
        <name>ferry::ChecksumMethod</name>
        <message>
            <source>Cannot read %1 to verify it: %2</source>
            <translation>Impossible de lire %1 pour le vérifier : %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::CommandOperation</name>
        <message>
            <source>Could not change to folder %1</source>
            <translation>Impossible d'entrer dans le dossier %1</translation>
        </message>
        <message>
            <source>Could not change to the parent folder</source>
            <translation>Impossible de remonter au dossier parent</translation>
        </message>
        <message>
            <source>Could not get the current folder</source>
            <translation>Impossible d'obtenir le dossier courant</translation>
        </message>
        <message>
            <source>Could not create folder %1</source>
            <translation>Impossible de créer le dossier %1</translation>
        </message>
        <message>
            <source>Could not remove folder %1</source>
            <translation>Impossible de supprimer le dossier %1</translation>
        </message>
        <message>
            <source>Could not delete %1</source>
            <translation>Impossible de supprimer %1</translation>
        </message>
        <message>
            <source>Could not rename %1 to %2</source>
            <translation>Impossible de renommer %1 en %2</translation>
        </message>
        <message>
            <source>Could not get the size of %1</source>
            <translation>Impossible d'obtenir la taille de %1</translation>
        </message>
        <message>
            <source>Could not get the modification time of %1</source>
            <translation>Impossible d'obtenir la date de modification de %1</translation>
        </message>
        <message>
            <source>Could not set the modification time of %1</source>
            <translation>Impossible de définir la date de modification de %1</translation>
        </message>
        <message>
            <source>Could not change the permissions of %1</source>
            <translation>Impossible de modifier les permissions de %1</translation>
        </message>
        <message>
            <source>STAT failed</source>
            <translation>Échec de STAT</translation>
        </message>
        <message>
            <source>HELP failed</source>
            <translation>Échec de HELP</translation>
        </message>
        <message>
            <source>NOOP failed</source>
            <translation>Échec de NOOP</translation>
        </message>
        <message>
            <source>SYST failed</source>
            <translation>Échec de SYST</translation>
        </message>
        <message>
            <source>Could not reinitialize the session</source>
            <translation>Impossible de réinitialiser la session</translation>
        </message>
        <message>
            <source>ALLO failed</source>
            <translation>Échec de ALLO</translation>
        </message>
        <message>
            <source>The server refused "%1"</source>
            <translation>Le serveur a refusé « %1 »</translation>
        </message>
        <message>
            <source>QUIT failed</source>
            <translation>Échec de QUIT</translation>
        </message>
        <message>
            <source>REIN is not used on encrypted sessions; reconnect instead. Nothing was sent.</source>
            <translation>REIN n'est pas utilisé sur les sessions chiffrées ; reconnectez-vous plutôt. Rien n'a été envoyé.</translation>
        </message>
        <message>
            <source>The server's PWD reply names no quoted path.</source>
            <translation>La réponse du serveur à PWD ne contient aucun chemin entre guillemets.</translation>
        </message>
        <message>
            <source>The server's SIZE reply is not a number.</source>
            <translation>La réponse du serveur à SIZE n'est pas un nombre.</translation>
        </message>
        <message>
            <source>The server's MDTM reply is not a time.</source>
            <translation>La réponse du serveur à MDTM n'est pas une date.</translation>
        </message>
    </context>
    <context>
        <name>ferry::ConnectionPage</name>
        <message>
            <source>Waiting</source>
            <translation>Attente</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>A connection that shows no progress at all for this long is given up</source>
            <translation>Une connexion qui ne progresse pas du tout pendant cette durée est abandonnée</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>Désactivé</translation>
        </message>
        <message>
            <source>Send a NOOP command this often while the connection is idle</source>
            <translation>Envoyer une commande NOOP à cet intervalle quand la connexion est inactive</translation>
        </message>
        <message>
            <source>Ti&amp;meout:</source>
            <translation>&amp;Délai d'attente :</translation>
        </message>
        <message>
            <source>&amp;Keep-alive every:</source>
            <translation>&amp;Maintien de connexion toutes les :</translation>
        </message>
        <message>
            <source>FTP data connections</source>
            <translation>Connexions de données FTP</translation>
        </message>
        <message>
            <source>&amp;Passive (the client connects to the server)</source>
            <translation>&amp;Passif (le client se connecte au serveur)</translation>
        </message>
        <message>
            <source>Acti&amp;ve (the server connects to the client)</source>
            <translation>Acti&amp;f (le serveur se connecte au client)</translation>
        </message>
        <message>
            <source>The other mode is tried when the server refuses this one. A site's own transfer mode in the site manager wins.</source>
            <translation>L'autre mode est essayé quand le serveur refuse celui-ci. Le mode de transfert propre à un site dans le gestionnaire de sites l'emporte.</translation>
        </message>
        <message>
            <source>New sites</source>
            <translation>Nouveaux sites</translation>
        </message>
        <message>
            <source>FTPES – require explicit TLS</source>
            <translation>FTPES – TLS explicite obligatoire</translation>
        </message>
        <message>
            <source>FTP – TLS if the server offers it</source>
            <translation>FTP – TLS si le serveur le propose</translation>
        </message>
        <message>
            <source>FTPS – implicit TLS</source>
            <translation>FTPS – TLS implicite</translation>
        </message>
        <message>
            <source>FTP – plain, not encrypted</source>
            <translation>FTP – simple, non chiffré</translation>
        </message>
        <message>
            <source>&amp;Security of a new site:</source>
            <translation>&amp;Sécurité d'un nouveau site :</translation>
        </message>
        <message>
            <source>These settings are used from the next connection on.</source>
            <translation>Ces paramètres s'appliquent à partir de la prochaine connexion.</translation>
        </message>
    </context>
    <context>
        <name>ferry::Connector</name>
        <message>
            <source>Only sites from the site manager keep passwords</source>
            <translation>Seuls les sites du gestionnaire de sites conservent les mots de passe</translation>
        </message>
        <message>
            <source>The site manager is not available.</source>
            <translation>Le gestionnaire de sites n'est pas disponible.</translation>
        </message>
        <message>
            <source>This site asks for its password every time</source>
            <translation>Ce site demande son mot de passe à chaque fois</translation>
        </message>
        <message>
            <source>No keychain is available: %1</source>
            <translation>Aucun trousseau n'est disponible : %1</translation>
        </message>
        <message>
            <source>The password was not saved: %1</source>
            <translation>Le mot de passe n'a pas été enregistré : %1</translation>
        </message>
        <message>
            <source>Not connected to %1: no password was given.</source>
            <translation>Non connecté à %1 : aucun mot de passe n'a été donné.</translation>
        </message>
        <message numerus="yes">
            <source>The connection to %1 has %n transfer(s) running.</source>
            <translation>
                <numerusform>La connexion à %1 a %n transfert en cours.</numerusform>
                <numerusform>La connexion à %1 a %n transferts en cours.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>The connection to %1 has %n transfer(s) waiting in the queue.</source>
            <translation>
                <numerusform>La connexion à %1 a %n transfert en attente dans la file.</numerusform>
                <numerusform>La connexion à %1 a %n transferts en attente dans la file.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n more in the queue.</source>
            <translation>
                <numerusform>%n autre dans la file d'attente.</numerusform>
                <numerusform>%n autres dans la file d'attente.</numerusform>
            </translation>
        </message>
        <message>
            <source>Replace the Connection?</source>
            <translation>Remplacer la connexion ?</translation>
        </message>
        <message>
            <source>Connect to %1 instead?</source>
            <translation>Se connecter à %1 à la place ?</translation>
        </message>
        <message>
            <source>The transfers are not stopped: the queue keeps its own connections to %1 for them. Only this window's browsing connection is replaced: the remote pane shows %2 instead.</source>
            <translation>Les transferts ne sont pas arrêtés : la file d'attente garde ses propres connexions à %1 pour eux. Seule la connexion de navigation de cette fenêtre est remplacée : le volet distant affiche %2 à la place.</translation>
        </message>
        <message>
            <source>&amp;Replace</source>
            <translation>&amp;Remplacer</translation>
        </message>
    </context>
    <context>
        <name>ferry::CredentialStore</name>
        <message>
            <source>No system keychain is available (%1); passwords will be asked for when connecting and are not stored.</source>
            <translation>Aucun trousseau système n'est disponible (%1) ; les mots de passe seront demandés à la connexion et ne sont pas conservés.</translation>
        </message>
    </context>
    <context>
        <name>ferry::DataConnection</name>
        <message>
            <source>Could not listen for an active-mode data connection on %1: %2</source>
            <translation>Impossible d'écouter une connexion de données en mode actif sur %1 : %2</translation>
        </message>
        <message>
            <source>The server's EPSV reply is malformed.</source>
            <translation>La réponse du serveur à EPSV est mal formée.</translation>
        </message>
        <message>
            <source>The server refused EPSV; trying PASV.</source>
            <translation>Le serveur a refusé EPSV ; essai de PASV.</translation>
        </message>
        <message>
            <source>The server's PASV reply names %1, not the server's address %2; connecting to %2 instead.</source>
            <translation>La réponse PASV du serveur indique %1, et non l'adresse du serveur %2 ; connexion à %2 à la place.</translation>
        </message>
        <message>
            <source>The server's PASV reply is malformed.</source>
            <translation>La réponse du serveur à PASV est mal formée.</translation>
        </message>
        <message>
            <source>The server refused EPRT; trying PORT.</source>
            <translation>Le serveur a refusé EPRT ; essai de PORT.</translation>
        </message>
        <message>
            <source>Could not enter active mode</source>
            <translation>Impossible de passer en mode actif</translation>
        </message>
        <message>
            <source>The data connection presented a different certificate than the control connection; refused.</source>
            <translation>La connexion de données a présenté un autre certificat que la connexion de contrôle ; refusée.</translation>
        </message>
        <message>
            <source>The server refused passive mode; switching to active mode.</source>
            <translation>Le serveur a refusé le mode passif ; passage en mode actif.</translation>
        </message>
        <message>
            <source>Could not enter passive mode</source>
            <translation>Impossible de passer en mode passif</translation>
        </message>
        <message>
            <source>Could not open the data connection: %1</source>
            <translation>Impossible d'ouvrir la connexion de données : %1</translation>
        </message>
        <message>
            <source>The data connection cannot be encrypted.</source>
            <translation>La connexion de données ne peut pas être chiffrée.</translation>
        </message>
        <message>
            <source>TLS data connection: %1, %2, %3.</source>
            <translation>Connexion de données TLS : %1, %2, %3.</translation>
        </message>
        <message>
            <source>session resumed</source>
            <translation>session reprise</translation>
        </message>
        <message>
            <source>new session (not resumed)</source>
            <translation>nouvelle session (non reprise)</translation>
        </message>
        <message>
            <source>Rejected a data connection from %1.</source>
            <translation>Connexion de données de %1 rejetée.</translation>
        </message>
        <message>
            <source>The TLS handshake on the data connection failed: %1</source>
            <translation>La négociation TLS sur la connexion de données a échoué : %1</translation>
        </message>
    </context>
    <context>
        <name>ferry::DesktopProgress</name>
        <message>
            <source>Transfers finished with failures</source>
            <translation>Transferts terminés avec des échecs</translation>
        </message>
        <message>
            <source>Transfers finished</source>
            <translation>Transferts terminés</translation>
        </message>
        <message numerus="yes">
            <source>%n file(s) transferred</source>
            <translation>
                <numerusform>%n fichier transféré</numerusform>
                <numerusform>%n fichiers transférés</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n failed</source>
            <translation>
                <numerusform>%n en échec</numerusform>
                <numerusform>%n en échec</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ferry::DirectoryModel</name>
        <message>
            <source>Only on this side</source>
            <translation>Seulement de ce côté</translation>
        </message>
        <message>
            <source>Newer on this side</source>
            <translation>Plus récent de ce côté</translation>
        </message>
        <message>
            <source>The size differs from the other side</source>
            <translation>La taille diffère de celle de l'autre côté</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Taille</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>Modified</source>
            <translation>Modifié</translation>
        </message>
        <message>
            <source>Permissions</source>
            <translation>Permissions</translation>
        </message>
        <message>
            <source>Owner/Group</source>
            <translation>Propriétaire/Groupe</translation>
        </message>
    </context>
    <context>
        <name>ferry::FileTypes</name>
        <message>
            <source>Folder</source>
            <translation>Dossier</translation>
        </message>
        <message>
            <source>File</source>
            <translation>Fichier</translation>
        </message>
        <message>
            <source>Link to folder</source>
            <translation>Lien vers un dossier</translation>
        </message>
        <message>
            <source>Link</source>
            <translation>Lien</translation>
        </message>
        <message>
            <source>%1 file</source>
            <translation>Fichier %1</translation>
        </message>
    </context>
    <context>
        <name>ferry::FileZillaImport</name>
        <message>
            <source>not a FileZilla file (empty document)</source>
            <translation>pas un fichier FileZilla (document vide)</translation>
        </message>
        <message>
            <source>not a FileZilla file (the root element is &lt;%1&gt;)</source>
            <translation>pas un fichier FileZilla (l'élément racine est &lt;%1&gt;)</translation>
        </message>
        <message>
            <source>Cannot read the FileZilla file: %1 (line %2)</source>
            <translation>Impossible de lire le fichier FileZilla : %1 (ligne %2)</translation>
        </message>
        <message>
            <source>folders nested too deeply</source>
            <translation>dossiers trop profondément imbriqués</translation>
        </message>
        <message>
            <source>Unnamed folder</source>
            <translation>Dossier sans nom</translation>
        </message>
        <message>
            <source>"%1": '/' in the name became '-'.</source>
            <translation>« %1 » : le « / » du nom est devenu « - ».</translation>
        </message>
        <message>
            <source>"%1": no host; skipped.</source>
            <translation>« %1 » : pas d'hôte ; ignoré.</translation>
        </message>
        <message>
            <source>"%1": FileZilla protocol %2 is not FTP; skipped.</source>
            <translation>« %1 » : le protocole FileZilla %2 n'est pas du FTP ; ignoré.</translation>
        </message>
        <message>
            <source>"%1": FileZilla logon type %2 is not supported; the password will be asked for.</source>
            <translation>« %1 » : le type d'authentification FileZilla %2 n'est pas pris en charge ; le mot de passe sera demandé.</translation>
        </message>
        <message>
            <source>"%1": unknown charset "%2"; using auto.</source>
            <translation>« %1 » : jeu de caractères inconnu « %2 » ; auto utilisé.</translation>
        </message>
        <message>
            <source>"%1": the password is protected by FileZilla's master password and was not imported.</source>
            <translation>« %1 » : le mot de passe est protégé par le mot de passe principal de FileZilla et n'a pas été importé.</translation>
        </message>
        <message>
            <source>"%1": %2 Skipped.</source>
            <translation>« %1 » : %2 Ignoré.</translation>
        </message>
        <message>
            <source>The FileZilla file is too large.</source>
            <translation>Le fichier FileZilla est trop volumineux.</translation>
        </message>
    </context>
    <context>
        <name>ferry::Format</name>
        <message>
            <source>Empty folder</source>
            <translation>Dossier vide</translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation>%1, %2</translation>
        </message>
        <message>
            <source>%1 and %2, %3</source>
            <translation>%1 et %2, %3</translation>
        </message>
        <message numerus="yes">
            <source>%Ln byte(s)</source>
            <translation>
                <numerusform>%Ln octet</numerusform>
                <numerusform>%Ln octets</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln file(s)</source>
            <translation>
                <numerusform>%Ln fichier</numerusform>
                <numerusform>%Ln fichiers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%Ln folder(s)</source>
            <translation>
                <numerusform>%Ln dossier</numerusform>
                <numerusform>%Ln dossiers</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ferry::FtpOperation</name>
        <message>
            <source>"%1" contains a line break or NUL character; nothing was sent.</source>
            <translation>« %1 » contient un saut de ligne ou un caractère NUL ; rien n'a été envoyé.</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
    </context>
    <context>
        <name>ferry::FtpRemoteSession</name>
        <message>
            <source>A server-to-server copy needs two logged-in FTP connections.</source>
            <translation>Une copie de serveur à serveur demande deux connexions FTP authentifiées.</translation>
        </message>
        <message>
            <source>One server protects data connections with TLS and the other does not.</source>
            <translation>Un serveur protège ses connexions de données avec TLS et l'autre non.</translation>
        </message>
        <message>
            <source>A server-to-server copy over TLS needs SSCN or CPSV, which neither server offers.</source>
            <translation>Une copie de serveur à serveur sur TLS demande SSCN ou CPSV, qu'aucun des deux serveurs ne propose.</translation>
        </message>
        <message>
            <source>The server offers no checksum command.</source>
            <translation>Le serveur ne propose aucune commande de somme de contrôle.</translation>
        </message>
        <message>
            <source>The server's reply to %1 holds no checksum.</source>
            <translation>La réponse du serveur à %1 ne contient aucune somme de contrôle.</translation>
        </message>
    </context>
    <context>
        <name>ferry::FtpReply</name>
        <message>
            <source>The server sent a reply line longer than %1 bytes.</source>
            <translation>Le serveur a envoyé une ligne de réponse de plus de %1 octets.</translation>
        </message>
        <message>
            <source>The server sent a malformed reply: "%1"</source>
            <translation>Le serveur a envoyé une réponse mal formée : « %1 »</translation>
        </message>
        <message>
            <source>The server sent a reply of more than %1 lines.</source>
            <translation>Le serveur a envoyé une réponse de plus de %1 lignes.</translation>
        </message>
    </context>
    <context>
        <name>ferry::FtpSession</name>
        <message>
            <source>Could not prepare the next data connection: %1</source>
            <translation>Impossible de préparer la prochaine connexion de données : %1</translation>
        </message>
        <message>
            <source>Idle for %1 s; disconnecting.</source>
            <translation>Inactif depuis %1 s ; déconnexion.</translation>
        </message>
        <message>
            <source>Connecting to %1 port %2…</source>
            <translation>Connexion à %1 port %2…</translation>
        </message>
        <message>
            <source>Starting TLS…</source>
            <translation>Démarrage de TLS…</translation>
        </message>
        <message>
            <source>TLS (unknown version)</source>
            <translation>TLS (version inconnue)</translation>
        </message>
        <message>
            <source>TLS connection established: %1.</source>
            <translation>Connexion TLS établie : %1.</translation>
        </message>
        <message>
            <source>The certificate (SHA256:%1) is one you trusted.</source>
            <translation>Le certificat (SHA256:%1) est l'un de ceux que vous avez approuvés.</translation>
        </message>
        <message>
            <source>Waiting for your answer about this certificate (asked for another connection).</source>
            <translation>En attente de votre réponse au sujet de ce certificat (demandée pour une autre connexion).</translation>
        </message>
        <message>
            <source>The server's certificate CHANGED: SHA256:%1, was SHA256:%2.</source>
            <translation>Le certificat du serveur a CHANGÉ : SHA256:%1, c'était SHA256:%2.</translation>
        </message>
        <message>
            <source>the certificate differs from the one you trusted</source>
            <translation>le certificat diffère de celui que vous avez approuvé</translation>
        </message>
        <message>
            <source>The server's certificate was not accepted (%1); nothing secret was sent.</source>
            <translation>Le certificat du serveur n'a pas été accepté (%1) ; rien de secret n'a été envoyé.</translation>
        </message>
        <message>
            <source>Could not save the trusted certificate: %1</source>
            <translation>Impossible d'enregistrer le certificat approuvé : %1</translation>
        </message>
        <message>
            <source>Connected to %1 port %2; waiting for the greeting.</source>
            <translation>Connecté à %1 port %2 ; attente du message d'accueil.</translation>
        </message>
        <message>
            <source>Not connected.</source>
            <translation>Non connecté.</translation>
        </message>
        <message>
            <source>Refused to send a command containing a line break.</source>
            <translation>Refus d'envoyer une commande contenant un saut de ligne.</translation>
        </message>
        <message>
            <source>The server closed the session</source>
            <translation>Le serveur a fermé la session</translation>
        </message>
        <message>
            <source>Ignored an unexpected reply from the server.</source>
            <translation>Réponse inattendue du serveur ignorée.</translation>
        </message>
        <message>
            <source>The server closed the connection in the middle of a reply.</source>
            <translation>Le serveur a fermé la connexion au milieu d'une réponse.</translation>
        </message>
        <message>
            <source>The server closed the connection.</source>
            <translation>Le serveur a fermé la connexion.</translation>
        </message>
        <message>
            <source>Connection refused by %1 port %2: is the server running, and is the port right?</source>
            <translation>Connexion refusée par %1 port %2 : le serveur est-il lancé, et le port est-il le bon ?</translation>
        </message>
        <message>
            <source>The TLS handshake failed: %1; nothing secret was sent.</source>
            <translation>La négociation TLS a échoué : %1 ; rien de secret n'a été envoyé.</translation>
        </message>
        <message>
            <source>Host %1 not found: check the address.</source>
            <translation>Hôte %1 introuvable : vérifiez l'adresse.</translation>
        </message>
        <message>
            <source>Network error: %1</source>
            <translation>Erreur réseau : %1</translation>
        </message>
        <message>
            <source>Could not connect to %1 port %2 within %3 s.</source>
            <translation>Impossible de se connecter à %1 port %2 en %3 s.</translation>
        </message>
        <message>
            <source>The server accepted the connection but sent no greeting within %1 s.</source>
            <translation>Le serveur a accepté la connexion mais n'a envoyé aucun message d'accueil en %1 s.</translation>
        </message>
        <message>
            <source>The server did not answer within %1 s.</source>
            <translation>Le serveur n'a pas répondu en %1 s.</translation>
        </message>
        <message>
            <source>The connection was closed.</source>
            <translation>La connexion a été fermée.</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
    </context>
    <context>
        <name>ferry::FtpUrl</name>
        <message>
            <source>"%1" is not a URL (expected ftp://host/path).</source>
            <translation>« %1 » n'est pas une URL (attendu : ftp://hôte/chemin).</translation>
        </message>
        <message>
            <source>Unsupported URL scheme "%1" (use ftp://, ftpes://, ftps:// or sftp://).</source>
            <translation>Schéma d'URL non pris en charge « %1 » (utilisez ftp://, ftpes://, ftps:// ou sftp://).</translation>
        </message>
        <message>
            <source>Write '?' and '#' in a URL path as %3F and %23.</source>
            <translation>Écrivez « ? » et « # » dans le chemin d'une URL sous la forme %3F et %23.</translation>
        </message>
        <message>
            <source>Malformed percent-encoding in the user name.</source>
            <translation>Encodage en pourcentage mal formé dans le nom d'utilisateur.</translation>
        </message>
        <message>
            <source>Malformed percent-encoding in the password.</source>
            <translation>Encodage en pourcentage mal formé dans le mot de passe.</translation>
        </message>
        <message>
            <source>Unclosed '[' in the host of "%1".</source>
            <translation>« [ » non fermé dans l'hôte de « %1 ».</translation>
        </message>
        <message>
            <source>"%1" is not an IPv6 address.</source>
            <translation>« %1 » n'est pas une adresse IPv6.</translation>
        </message>
        <message>
            <source>Unexpected text after the IPv6 address in "%1".</source>
            <translation>Texte inattendu après l'adresse IPv6 dans « %1 ».</translation>
        </message>
        <message>
            <source>Put an IPv6 address in brackets: ftp://[::1]/</source>
            <translation>Mettez une adresse IPv6 entre crochets : ftp://[::1]/</translation>
        </message>
        <message>
            <source>The URL "%1" names no host.</source>
            <translation>L'URL « %1 » ne désigne aucun hôte.</translation>
        </message>
        <message>
            <source>Invalid character in the host name "%1".</source>
            <translation>Caractère non valide dans le nom d'hôte « %1 ».</translation>
        </message>
        <message>
            <source>Invalid port "%1".</source>
            <translation>Port non valide « %1 ».</translation>
        </message>
        <message>
            <source>Malformed percent-encoding in the path.</source>
            <translation>Encodage en pourcentage mal formé dans le chemin.</translation>
        </message>
    </context>
    <context>
        <name>ferry::FxpCopy</name>
        <message>
            <source>The other server's side failed.</source>
            <translation>Le côté de l'autre serveur a échoué.</translation>
        </message>
    </context>
    <context>
        <name>ferry::FxpSideOperation</name>
        <message>
            <source>The server refused the transfer type</source>
            <translation>Le serveur a refusé le type de transfert</translation>
        </message>
        <message>
            <source>The server announced %1 for the copy; using %2, the address it was reached at.</source>
            <translation>Le serveur a annoncé %1 pour la copie ; utilisation de %2, l'adresse à laquelle il a été joint.</translation>
        </message>
        <message>
            <source>The server cannot resume at byte %1</source>
            <translation>Le serveur ne peut pas reprendre à l'octet %1</translation>
        </message>
        <message>
            <source>Copy from %1 failed</source>
            <translation>La copie depuis %1 a échoué</translation>
        </message>
        <message>
            <source>Copy to %1 failed</source>
            <translation>La copie vers %1 a échoué</translation>
        </message>
        <message>
            <source>%1 (the source) refused a server-to-server copy</source>
            <translation>%1 (la source) a refusé une copie de serveur à serveur</translation>
        </message>
        <message>
            <source>%1 (the target) refused a server-to-server copy</source>
            <translation>%1 (la cible) a refusé une copie de serveur à serveur</translation>
        </message>
        <message>
            <source>Aborting the copy of %1.</source>
            <translation>Abandon de la copie de %1.</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
    </context>
    <context>
        <name>ferry::HostKeyDialog</name>
        <message>
            <source>The host key of %1 has changed</source>
            <translation>La clé d'hôte de %1 a changé</translation>
        </message>
        <message>
            <source>Unknown host key from %1</source>
            <translation>Clé d'hôte inconnue de %1</translation>
        </message>
        <message>
            <source>&lt;b&gt;The host key of %1 has changed!&lt;/b&gt; Someone may be intercepting the connection (a man-in-the-middle attack), or the server's key was replaced. Nothing has been sent yet. Reject unless the server's administrator told you the key changed.</source>
            <translation>&lt;b&gt;La clé d'hôte de %1 a changé !&lt;/b&gt; Quelqu'un intercepte peut-être la connexion (une attaque de l'homme du milieu), ou la clé du serveur a été remplacée. Rien n'a encore été envoyé. Refusez, sauf si l'administrateur du serveur vous a dit que la clé avait changé.</translation>
        </message>
        <message>
            <source>This computer has never seen the key of this server. Compare the fingerprint with the one your server's administrator gave you. Nothing has been sent yet.</source>
            <translation>Cet ordinateur n'a jamais vu la clé de ce serveur. Comparez l'empreinte avec celle que l'administrateur de votre serveur vous a donnée. Rien n'a encore été envoyé.</translation>
        </message>
        <message>
            <source>Server:</source>
            <translation>Serveur :</translation>
        </message>
        <message>
            <source>Key type:</source>
            <translation>Type de clé :</translation>
        </message>
        <message>
            <source>New fingerprint:</source>
            <translation>Nouvelle empreinte :</translation>
        </message>
        <message>
            <source>Fingerprint:</source>
            <translation>Empreinte :</translation>
        </message>
        <message>
            <source>Trusted before:</source>
            <translation>Approuvée auparavant :</translation>
        </message>
        <message>
            <source>Old key type:</source>
            <translation>Ancien type de clé :</translation>
        </message>
        <message>
            <source>Recorded in:</source>
            <translation>Enregistrée dans :</translation>
        </message>
        <message>
            <source>&amp;Reject</source>
            <translation>&amp;Refuser</translation>
        </message>
        <message>
            <source>Accept &amp;Once</source>
            <translation>Accepter une &amp;fois</translation>
        </message>
        <message>
            <source>&amp;Trust Always</source>
            <translation>&amp;Toujours approuver</translation>
        </message>
        <message>
            <source>Connect, and ask again the next time Ferry starts</source>
            <translation>Se connecter, et redemander au prochain démarrage de Ferry</translation>
        </message>
        <message>
            <source>Remember this key for %1 and do not ask again</source>
            <translation>Mémoriser cette clé pour %1 et ne plus demander</translation>
        </message>
    </context>
    <context>
        <name>ferry::HostKeyRequest</name>
        <message>
            <source>WARNING: THE HOST KEY OF %1 HAS CHANGED!</source>
            <translation>ATTENTION : LA CLÉ D'HÔTE DE %1 A CHANGÉ !</translation>
        </message>
        <message>
            <source>Someone could be intercepting the connection (a man-in-the-middle attack), or the server's key was replaced. Accept only if you know why it changed.</source>
            <translation>Quelqu'un pourrait intercepter la connexion (une attaque de l'homme du milieu), ou la clé du serveur a été remplacée. N'acceptez que si vous savez pourquoi elle a changé.</translation>
        </message>
        <message>
            <source>The %1 key the server sent has the fingerprint %2.</source>
            <translation>La clé %1 envoyée par le serveur a l'empreinte %2.</translation>
        </message>
        <message>
            <source>Trusted before: %1 key %2 (%3).</source>
            <translation>Approuvée auparavant : clé %1 %2 (%3).</translation>
        </message>
        <message>
            <source>The authenticity of host %1 can't be established.</source>
            <translation>L'authenticité de l'hôte %1 ne peut pas être établie.</translation>
        </message>
        <message>
            <source>%1 key fingerprint is %2.</source>
            <translation>L'empreinte de la clé %1 est %2.</translation>
        </message>
    </context>
    <context>
        <name>ferry::InterfacePage</name>
        <message>
            <source>Enter and double-click on a file</source>
            <translation>Entrée et double-clic sur un fichier</translation>
        </message>
        <message>
            <source>Transfer it to the other side's &amp;folder</source>
            <translation>Le transférer vers le &amp;dossier de l'autre côté</translation>
        </message>
        <message>
            <source>O&amp;pen it (a server's file is downloaded first)</source>
            <translation>L'&amp;ouvrir (un fichier du serveur est d'abord téléchargé)</translation>
        </message>
        <message>
            <source>File lists</source>
            <translation>Listes de fichiers</translation>
        </message>
        <message>
            <source>Show &amp;hidden files</source>
            <translation>Afficher les fichiers &amp;cachés</translation>
        </message>
        <message>
            <source>Confirm before &amp;deleting</source>
            <translation>Confirmer avant de &amp;supprimer</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Langue</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>&amp;Langue :</translation>
        </message>
        <message>
            <source>The language changes the next time Ferry starts.</source>
            <translation>La langue change au prochain démarrage de Ferry.</translation>
        </message>
        <message>
            <source>The system's language</source>
            <translation>La langue du système</translation>
        </message>
    </context>
    <context>
        <name>ferry::JobRunner</name>
        <message>
            <source>Stopped.</source>
            <translation>Arrêté.</translation>
        </message>
        <message>
            <source>No connection.</source>
            <translation>Pas de connexion.</translation>
        </message>
        <message>
            <source>Unknown failure.</source>
            <translation>Échec inconnu.</translation>
        </message>
        <message>
            <source>%1 is a folder.</source>
            <translation>%1 est un dossier.</translation>
        </message>
        <message>
            <source>%1 exists; skipped.</source>
            <translation>%1 existe ; ignoré.</translation>
        </message>
        <message>
            <source>No free name next to %1.</source>
            <translation>Aucun nom libre à côté de %1.</translation>
        </message>
        <message>
            <source>Cannot resume %1.</source>
            <translation>Impossible de reprendre %1.</translation>
        </message>
        <message>
            <source>Cannot create the folder %1.</source>
            <translation>Impossible de créer le dossier %1.</translation>
        </message>
        <message>
            <source>%1 is larger than the remote file; downloading again from the start.</source>
            <translation>%1 est plus grand que le fichier distant ; nouveau téléchargement depuis le début.</translation>
        </message>
        <message>
            <source>%1: the server sent %2 bytes, not the %3 it announced; keeping what it sent.</source>
            <translation>%1 : le serveur a envoyé %2 octets, et non les %3 annoncés ; ce qu'il a envoyé est conservé.</translation>
        </message>
        <message>
            <source>Cannot write %1.</source>
            <translation>Impossible d'écrire %1.</translation>
        </message>
        <message>
            <source>The resumed file has %1 bytes instead of %2</source>
            <translation>Le fichier repris fait %1 octets au lieu de %2</translation>
        </message>
        <message>
            <source>The checksum of the resumed file does not match the server's</source>
            <translation>La somme de contrôle du fichier repris ne correspond pas à celle du serveur</translation>
        </message>
        <message>
            <source>Could not set the modification time of %1.</source>
            <translation>Impossible de définir la date de modification de %1.</translation>
        </message>
        <message>
            <source>Cannot read %1: %2</source>
            <translation>Impossible de lire %1 : %2</translation>
        </message>
        <message>
            <source>it is a folder</source>
            <translation>c'est un dossier</translation>
        </message>
        <message>
            <source>%1 exists on the server; skipped.</source>
            <translation>%1 existe sur le serveur ; ignoré.</translation>
        </message>
        <message>
            <source>Cannot seek in %1: %2</source>
            <translation>Impossible de se positionner dans %1 : %2</translation>
        </message>
        <message>
            <source>%1; uploading %2 again from the start.</source>
            <translation>%1 ; nouvel envoi de %2 depuis le début.</translation>
        </message>
        <message>
            <source>%1; downloading %2 again from the start.</source>
            <translation>%1 ; nouveau téléchargement de %2 depuis le début.</translation>
        </message>
        <message>
            <source>The server has %1 bytes of %2 instead of %3</source>
            <translation>Le serveur a %1 octets de %2 au lieu de %3</translation>
        </message>
        <message>
            <source>The checksum of the resumed upload does not match</source>
            <translation>La somme de contrôle de l'envoi repris ne correspond pas</translation>
        </message>
        <message>
            <source>The server did not set the modification time of %1: %2</source>
            <translation>Le serveur n'a pas défini la date de modification de %1 : %2</translation>
        </message>
        <message>
            <source>The server gave no checksum: %1</source>
            <translation>Le serveur n'a donné aucune somme de contrôle : %1</translation>
        </message>
        <message>
            <source>Checksum verified.</source>
            <translation>Somme de contrôle vérifiée.</translation>
        </message>
        <message>
            <source>Checksum mismatch.</source>
            <translation>Les sommes de contrôle ne correspondent pas.</translation>
        </message>
        <message>
            <source>%1 is not a folder.</source>
            <translation>%1 n'est pas un dossier.</translation>
        </message>
        <message>
            <source>Cannot read the folder %1: %2</source>
            <translation>Impossible de lire le dossier %1 : %2</translation>
        </message>
        <message>
            <source>Could not store the queue.</source>
            <translation>Impossible d'enregistrer la file d'attente.</translation>
        </message>
        <message>
            <source>%1 not sent: %2.</source>
            <translation>%1 non envoyé : %2.</translation>
        </message>
        <message>
            <source>%1 not downloaded: %2.</source>
            <translation>%1 non téléchargé : %2.</translation>
        </message>
        <message>
            <source>a link to %1; links are not followed</source>
            <translation>un lien vers %1 ; les liens ne sont pas suivis</translation>
        </message>
        <message numerus="yes">
            <source>%n listed name(s) in %1 refused: unsafe, listed twice, or the part file name of another listed file.</source>
            <translation>
                <numerusform>%n nom listé dans %1 refusé : dangereux, listé deux fois, ou nom du fichier partiel d'un autre fichier listé.</numerusform>
                <numerusform>%n noms listés dans %1 refusés : dangereux, listés deux fois, ou noms du fichier partiel d'un autre fichier listé.</numerusform>
            </translation>
        </message>
        <message>
            <source>a link to %1, a folder it is in: a loop</source>
            <translation>un lien vers %1, un dossier qui le contient : une boucle</translation>
        </message>
        <message>
            <source>more than %1 folders deep (a loop of links?)</source>
            <translation>plus de %1 niveaux de dossiers (une boucle de liens ?)</translation>
        </message>
        <message>
            <source>a link to %1, which the server cannot open (it may point to nothing)</source>
            <translation>un lien vers %1, que le serveur ne peut pas ouvrir (il pointe peut-être vers rien)</translation>
        </message>
        <message>
            <source>%1 not copied: %2.</source>
            <translation>%1 non copié : %2.</translation>
        </message>
        <message>
            <source>No connection to %1.</source>
            <translation>Aucune connexion à %1.</translation>
        </message>
        <message>
            <source>%1 is already complete.</source>
            <translation>%1 est déjà complet.</translation>
        </message>
        <message>
            <source>%1 exists.</source>
            <translation>%1 existe.</translation>
        </message>
        <message>
            <source>%1 exists (a copy between servers does not ask yet: choose another policy in Settings to replace it).</source>
            <translation>%1 existe (une copie entre serveurs ne pose pas encore la question : choisissez une autre règle dans les Paramètres pour le remplacer).</translation>
        </message>
        <message>
            <source>%1 and %2 refused a direct copy (FXP: %3); copying through Ferry.</source>
            <translation>%1 et %2 ont refusé une copie directe (FXP : %3) ; copie à travers Ferry.</translation>
        </message>
        <message>
            <source>%1 copied server to server (FXP).</source>
            <translation>%1 copié de serveur à serveur (FXP).</translation>
        </message>
        <message>
            <source>%1 copied through Ferry.</source>
            <translation>%1 copié à travers Ferry.</translation>
        </message>
        <message>
            <source>%1 was uploaded, but it could not be deleted: %2</source>
            <translation>%1 a été envoyé, mais n'a pas pu être supprimé : %2</translation>
        </message>
        <message>
            <source>%1 was downloaded, but the server did not delete it: %2</source>
            <translation>%1 a été téléchargé, mais le serveur ne l'a pas supprimé : %2</translation>
        </message>
        <message>
            <source>The downloaded file has %1 bytes instead of the server's %2</source>
            <translation>Le fichier téléchargé fait %1 octets au lieu des %2 du serveur</translation>
        </message>
        <message>
            <source>The checksum of the downloaded file does not match the server's</source>
            <translation>La somme de contrôle du fichier téléchargé ne correspond pas à celle du serveur</translation>
        </message>
        <message>
            <source>Could not delete the folder %1: %2</source>
            <translation>Impossible de supprimer le dossier %1 : %2</translation>
        </message>
        <message>
            <source>%1 was downloaded, but the server did not delete the folder: %2</source>
            <translation>%1 a été téléchargé, mais le serveur n'a pas supprimé le dossier : %2</translation>
        </message>
        <message numerus="yes">
            <source>%1 was kept: %n entry(ies) in it were not moved.</source>
            <translation>
                <numerusform>%1 a été conservé : %n élément n'y a pas été déplacé.</numerusform>
                <numerusform>%1 a été conservé : %n éléments n'y ont pas été déplacés.</numerusform>
            </translation>
        </message>
        <message>
            <source>The checksum of the uploaded file does not match</source>
            <translation>La somme de contrôle du fichier envoyé ne correspond pas</translation>
        </message>
    </context>
    <context>
        <name>ferry::KnownHosts</name>
        <message>
            <source>Cannot create the folder %1</source>
            <translation>Impossible de créer le dossier %1</translation>
        </message>
    </context>
    <context>
        <name>ferry::ListOperation</name>
        <message>
            <source>The data connection failed: %1</source>
            <translation>La connexion de données a échoué : %1</translation>
        </message>
        <message>
            <source>Could not open folder %1</source>
            <translation>Impossible d'ouvrir le dossier %1</translation>
        </message>
        <message>
            <source>MLSD refused; using LIST.</source>
            <translation>MLSD refusé ; utilisation de LIST.</translation>
        </message>
        <message>
            <source>Could not list %1</source>
            <translation>Impossible de lister %1</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
    </context>
    <context>
        <name>ferry::LocalFileOps</name>
        <message>
            <source>Could not create %1: it already exists.</source>
            <translation>Impossible de créer %1 : il existe déjà.</translation>
        </message>
        <message>
            <source>Could not create %1: %2.</source>
            <translation>Impossible de créer %1 : %2.</translation>
        </message>
        <message>
            <source>Created folder %1</source>
            <translation>Dossier %1 créé</translation>
        </message>
        <message>
            <source>Created file %1</source>
            <translation>Fichier %1 créé</translation>
        </message>
        <message>
            <source>Could not rename %1: "%2" is not a valid name.</source>
            <translation>Impossible de renommer %1 : « %2 » n'est pas un nom valide.</translation>
        </message>
        <message>
            <source>Could not rename %1 to %2: it already exists.</source>
            <translation>Impossible de renommer %1 en %2 : il existe déjà.</translation>
        </message>
        <message>
            <source>Could not rename %1 to %2: %3.</source>
            <translation>Impossible de renommer %1 en %2 : %3.</translation>
        </message>
        <message>
            <source>Renamed %1 to %2</source>
            <translation>%1 renommé en %2</translation>
        </message>
        <message>
            <source>it could not be moved to the trash (Shift+Del deletes it for good)</source>
            <translation>impossible de le placer dans la corbeille (Maj+Suppr le supprime définitivement)</translation>
        </message>
        <message>
            <source>some of its contents could not be deleted</source>
            <translation>une partie de son contenu n'a pas pu être supprimée</translation>
        </message>
        <message>
            <source>Could not delete %1: %2.</source>
            <translation>Impossible de supprimer %1 : %2.</translation>
        </message>
        <message numerus="yes">
            <source>Deleted %n item(s) in %1</source>
            <translation>
                <numerusform>%n élément supprimé dans %1</numerusform>
                <numerusform>%n éléments supprimés dans %1</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Moved %n item(s) from %1 to the trash</source>
            <translation>
                <numerusform>%n élément de %1 placé dans la corbeille</numerusform>
                <numerusform>%n éléments de %1 placés dans la corbeille</numerusform>
            </translation>
        </message>
        <message>
            <source>Could not change the permissions of %1: %2.</source>
            <translation>Impossible de modifier les permissions de %1 : %2.</translation>
        </message>
        <message numerus="yes">
            <source>Changed the permissions of %n item(s)</source>
            <translation>
                <numerusform>Permissions de %n élément modifiées</numerusform>
                <numerusform>Permissions de %n éléments modifiées</numerusform>
            </translation>
        </message>
        <message>
            <source>Could not copy %1: too deep.</source>
            <translation>Impossible de copier %1 : arborescence trop profonde.</translation>
        </message>
        <message>
            <source>Could not copy %1: %2.</source>
            <translation>Impossible de copier %1 : %2.</translation>
        </message>
        <message>
            <source>Could not move %1: %2 exists already.</source>
            <translation>Impossible de déplacer %1 : %2 existe déjà.</translation>
        </message>
        <message>
            <source>Could not move %1 to %2: %3.</source>
            <translation>Impossible de déplacer %1 vers %2 : %3.</translation>
        </message>
        <message numerus="yes">
            <source>Moved %n item(s) to %1</source>
            <translation>
                <numerusform>%n élément déplacé vers %1</numerusform>
                <numerusform>%n éléments déplacés vers %1</numerusform>
            </translation>
        </message>
        <message>
            <source>Could not copy %1: %2 exists already.</source>
            <translation>Impossible de copier %1 : %2 existe déjà.</translation>
        </message>
        <message numerus="yes">
            <source>Copied %n item(s) to %1</source>
            <translation>
                <numerusform>%n élément copié vers %1</numerusform>
                <numerusform>%n éléments copiés vers %1</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ferry::LocalLister</name>
        <message>
            <source>%1 cannot be read.</source>
            <translation>%1 ne peut pas être lu.</translation>
        </message>
        <message>
            <source>%1 does not exist.</source>
            <translation>%1 n'existe pas.</translation>
        </message>
    </context>
    <context>
        <name>ferry::LocalTree</name>
        <message>
            <source>it cannot be read</source>
            <translation>il ne peut pas être lu</translation>
        </message>
        <message>
            <source>a named pipe (FIFO)</source>
            <translation>un tube nommé (FIFO)</translation>
        </message>
        <message>
            <source>a socket</source>
            <translation>un socket</translation>
        </message>
        <message>
            <source>a device</source>
            <translation>un périphérique</translation>
        </message>
        <message>
            <source>not a regular file</source>
            <translation>pas un fichier ordinaire</translation>
        </message>
        <message>
            <source>a link to %1; links are not followed</source>
            <translation>un lien vers %1 ; les liens ne sont pas suivis</translation>
        </message>
        <message>
            <source>a link to %1, which does not exist</source>
            <translation>un lien vers %1, qui n'existe pas</translation>
        </message>
        <message>
            <source>a link to %1, outside the folder being uploaded</source>
            <translation>un lien vers %1, hors du dossier envoyé</translation>
        </message>
        <message>
            <source>a link to %1, a folder it is in: a loop</source>
            <translation>un lien vers %1, un dossier qui le contient : une boucle</translation>
        </message>
        <message>
            <source>a link to %1, %2</source>
            <translation>un lien vers %1, %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::LogonOperation</name>
        <message>
            <source>%1 port %2 speaks TLS from the first byte (implicit FTPS) and sends no plain FTP greeting: use ftps://%1:%2/ instead.</source>
            <translation>%1 port %2 parle TLS dès le premier octet (FTPS implicite) et n'envoie pas de message d'accueil FTP en clair : utilisez plutôt ftps://%1:%2/.</translation>
        </message>
        <message>
            <source>No greeting yet; checking whether the port expects TLS first (implicit FTPS).</source>
            <translation>Pas encore de message d'accueil ; vérification si le port attend d'abord TLS (FTPS implicite).</translation>
        </message>
        <message>
            <source>%1 port %2 speaks plain FTP, not TLS from the first byte (implicit FTPS): use ftpes://%1:%2/ (explicit FTPS) or ftp:// instead of ftps://; nothing was sent.</source>
            <translation>%1 port %2 parle FTP en clair, et non TLS dès le premier octet (FTPS implicite) : utilisez ftpes://%1:%2/ (FTPS explicite) ou ftp:// au lieu de ftps:// ; rien n'a été envoyé.</translation>
        </message>
        <message>
            <source>The server requires TLS (FTPS) and this connection is plain FTP: use ftpes://%1:%2/ or --tls require instead of --tls plain.</source>
            <translation>Le serveur exige TLS (FTPS) et cette connexion est en FTP simple : utilisez ftpes://%1:%2/ ou --tls require au lieu de --tls plain.</translation>
        </message>
        <message>
            <source>Plain FTP: the password and all data cross the network unencrypted.</source>
            <translation>FTP simple : le mot de passe et toutes les données traversent le réseau sans chiffrement.</translation>
        </message>
        <message>
            <source>The server says it will be ready later: %1</source>
            <translation>Le serveur indique qu'il sera prêt plus tard : %1</translation>
        </message>
        <message>
            <source>The server refused the connection</source>
            <translation>Le serveur a refusé la connexion</translation>
        </message>
        <message>
            <source>The server does not offer TLS (AUTH refused) and this site requires it; nothing secret was sent.</source>
            <translation>Le serveur ne propose pas TLS (AUTH refusé) et ce site l'exige ; rien de secret n'a été envoyé.</translation>
        </message>
        <message>
            <source>WARNING: the server does not offer TLS; continuing with plain FTP. The password and all data cross the network unencrypted.</source>
            <translation>ATTENTION : le serveur ne propose pas TLS ; poursuite en FTP simple. Le mot de passe et toutes les données traversent le réseau sans chiffrement.</translation>
        </message>
        <message>
            <source>Data connections are not encrypted (PROT C), as this site asks.</source>
            <translation>Les connexions de données ne sont pas chiffrées (PROT C), comme ce site le demande.</translation>
        </message>
        <message>
            <source>The server refused encrypted data connections</source>
            <translation>Le serveur a refusé les connexions de données chiffrées</translation>
        </message>
        <message>
            <source>The server asks for an account (ACCT), but none is set.</source>
            <translation>Le serveur demande un compte (ACCT), mais aucun n'est défini.</translation>
        </message>
        <message>
            <source>Login as "%1" failed: check the user name and password.</source>
            <translation>Échec de l'authentification en tant que « %1 » : vérifiez le nom d'utilisateur et le mot de passe.</translation>
        </message>
        <message>
            <source>Login failed</source>
            <translation>Échec de l'authentification</translation>
        </message>
        <message>
            <source>Logged in.</source>
            <translation>Authentifié.</translation>
        </message>
    </context>
    <context>
        <name>ferry::MainWindow</name>
        <message>
            <source>Ferry</source>
            <translation>Ferry</translation>
        </message>
        <message>
            <source>Protocol Log</source>
            <translation>Journal du protocole</translation>
        </message>
        <message>
            <source>Transfers</source>
            <translation>Transferts</translation>
        </message>
        <message>
            <source>Main Tool Bar</source>
            <translation>Barre d'outils principale</translation>
        </message>
        <message>
            <source>Quick Connect</source>
            <translation>Connexion rapide</translation>
        </message>
        <message>
            <source>Not connected</source>
            <translation>Non connecté</translation>
        </message>
        <message>
            <source>Connecting to %1…</source>
            <translation>Connexion à %1…</translation>
        </message>
        <message>
            <source>Logging in to %1…</source>
            <translation>Authentification sur %1…</translation>
        </message>
        <message>
            <source>Connected to %1</source>
            <translation>Connecté à %1</translation>
        </message>
        <message>
            <source>%1: idle (connects again when needed)</source>
            <translation>%1 : inactif (se reconnecte si nécessaire)</translation>
        </message>
        <message>
            <source>%1 — Ferry</source>
            <translation>%1 — Ferry</translation>
        </message>
        <message>
            <source>queue</source>
            <translation>file d'attente</translation>
        </message>
        <message>
            <source>The connection to %1 is not encrypted.</source>
            <translation>La connexion à %1 n'est pas chiffrée.</translation>
        </message>
        <message>
            <source>About Ferry</source>
            <translation>À propos de Ferry</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Ferry %1&lt;/h3&gt;&lt;p&gt;A fast, trustworthy FTP and FTPS client.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</source>
            <translation>&lt;h3&gt;Ferry %1&lt;/h3&gt;&lt;p&gt;Un client FTP et FTPS rapide et digne de confiance.&lt;/p&gt;&lt;p&gt;Qt %2&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Log and transfers</source>
            <translation>Journal et transferts</translation>
        </message>
        <message numerus="yes">
            <source>Synchronising: %n job(s) queued</source>
            <translation>
                <numerusform>Synchronisation : %n tâche ajoutée à la file</numerusform>
                <numerusform>Synchronisation : %n tâches ajoutées à la file</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ferry::MessageBanner</name>
        <message>
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <source>Close the message</source>
            <translation>Fermer le message</translation>
        </message>
    </context>
    <context>
        <name>ferry::OverwriteDialog</name>
        <message>
            <source>&amp;Apply to all in this queue</source>
            <translation>A&amp;ppliquer à tous dans cette file d'attente</translation>
        </message>
        <message>
            <source>Al&amp;ways for this site</source>
            <translation>Tou&amp;jours pour ce site</translation>
        </message>
        <message>
            <source>Target File Already Exists</source>
            <translation>Le fichier cible existe déjà</translation>
        </message>
        <message>
            <source>A local file of this name exists already. What should be done?</source>
            <translation>Un fichier local de ce nom existe déjà. Que faut-il faire ?</translation>
        </message>
        <message>
            <source>The server has a file of this name already. What should be done?</source>
            <translation>Le serveur a déjà un fichier de ce nom. Que faut-il faire ?</translation>
        </message>
        <message>
            <source>Source (on the server)</source>
            <translation>Source (sur le serveur)</translation>
        </message>
        <message>
            <source>Source (local)</source>
            <translation>Source (locale)</translation>
        </message>
        <message>
            <source>Target (local)</source>
            <translation>Cible (locale)</translation>
        </message>
        <message>
            <source>Target (on the server)</source>
            <translation>Cible (sur le serveur)</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>&amp;Overwrite</source>
            <translation>É&amp;craser</translation>
        </message>
        <message>
            <source>Overwrite if the source is &amp;newer</source>
            <translation>Écraser si la source est plus réce&amp;nte</translation>
        </message>
        <message>
            <source>Overwrite if the si&amp;ze differs</source>
            <translation>Écraser si la &amp;taille diffère</translation>
        </message>
        <message>
            <source>&amp;Resume (continue a shorter target)</source>
            <translation>&amp;Reprendre (compléter une cible plus courte)</translation>
        </message>
        <message>
            <source>Rena&amp;me to:</source>
            <translation>Reno&amp;mmer en :</translation>
        </message>
        <message>
            <source>If the server has this name too, the next free name is taken.</source>
            <translation>Si le serveur a aussi ce nom, le prochain nom libre est pris.</translation>
        </message>
        <message>
            <source>&amp;Skip</source>
            <translation>&amp;Ignorer</translation>
        </message>
        <message>
            <source>The same answer for every other file that exists, until the queue is done</source>
            <translation>La même réponse pour tous les autres fichiers existants, jusqu'à la fin de la file d'attente</translation>
        </message>
        <message>
            <source>Remembered for this site: later transfers to or from it do not ask</source>
            <translation>Mémorisé pour ce site : les transferts suivants vers ou depuis ce site ne demandent plus</translation>
        </message>
        <message>
            <source>Skip this file</source>
            <translation>Ignorer ce fichier</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Nom :</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <source>%1 (%2 bytes)</source>
            <translation>%1 (%2 octets)</translation>
        </message>
        <message>
            <source>Size:</source>
            <translation>Taille :</translation>
        </message>
        <message>
            <source>%1 (newer)</source>
            <translation>%1 (plus récent)</translation>
        </message>
        <message>
            <source>Modified:</source>
            <translation>Modifié :</translation>
        </message>
    </context>
    <context>
        <name>ferry::OverwriteQuestions</name>
        <message>
            <source>Ask Again When Files &amp;Exist</source>
            <translation>Redemander quand des fichiers e&amp;xistent</translation>
        </message>
        <message>
            <source>Forget every "always for this site" answer to a file that exists</source>
            <translation>Oublier toutes les réponses « toujours pour ce site » à un fichier existant</translation>
        </message>
    </context>
    <context>
        <name>ferry::Pane</name>
        <message>
            <source>Filter names: text, or a pattern like *.jpg (Esc closes)</source>
            <translation>Filtrer les noms : un texte, ou un motif comme *.jpg (Échap ferme)</translation>
        </message>
        <message>
            <source>Server folders</source>
            <translation>Dossiers du serveur</translation>
        </message>
        <message>
            <source>Local folders</source>
            <translation>Dossiers locaux</translation>
        </message>
        <message>
            <source>Server files</source>
            <translation>Fichiers du serveur</translation>
        </message>
        <message>
            <source>Local files</source>
            <translation>Fichiers locaux</translation>
        </message>
        <message>
            <source>Back (Alt+Left)</source>
            <translation>Précédent (Alt+Gauche)</translation>
        </message>
        <message>
            <source>Forward (Alt+Right)</source>
            <translation>Suivant (Alt+Droite)</translation>
        </message>
        <message>
            <source>Up (Backspace)</source>
            <translation>Dossier parent (Retour arrière)</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <source>This computer</source>
            <translation>Cet ordinateur</translation>
        </message>
        <message>
            <source>Server folder</source>
            <translation>Dossier du serveur</translation>
        </message>
        <message>
            <source>Local folder</source>
            <translation>Dossier local</translation>
        </message>
        <message>
            <source>Loading…</source>
            <translation>Chargement…</translation>
        </message>
        <message>
            <source>This folder is empty.</source>
            <translation>Ce dossier est vide.</translation>
        </message>
        <message>
            <source>Nothing matches the filter.</source>
            <translation>Rien ne correspond au filtre.</translation>
        </message>
        <message>
            <source>Selected: %1 · %2</source>
            <translation>Sélection : %1 · %2</translation>
        </message>
        <message>
            <source>%1 free</source>
            <translation>%1 libres</translation>
        </message>
        <message numerus="yes">
            <source>%1 (%Ln not shown)</source>
            <translation>
                <numerusform>%1 (%Ln non affiché)</numerusform>
                <numerusform>%1 (%Ln non affichés)</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ferry::PaneCommands</name>
        <message>
            <source>Edit With</source>
            <translation>Modifier avec</translation>
        </message>
        <message>
            <source>Command to open %1 with (its path is added at the end):</source>
            <translation>Commande pour ouvrir %1 (son chemin est ajouté à la fin) :</translation>
        </message>
        <message>
            <source>New Folder</source>
            <translation>Nouveau dossier</translation>
        </message>
        <message>
            <source>Name of the new folder in %1:</source>
            <translation>Nom du nouveau dossier dans %1 :</translation>
        </message>
        <message>
            <source>New folder</source>
            <translation>Nouveau dossier</translation>
        </message>
        <message>
            <source>New Empty File</source>
            <translation>Nouveau fichier vide</translation>
        </message>
        <message>
            <source>Name of the new file in %1:</source>
            <translation>Nom du nouveau fichier dans %1 :</translation>
        </message>
        <message>
            <source>New file.txt</source>
            <translation>Nouveau fichier.txt</translation>
        </message>
        <message numerus="yes">
            <source>these %n items</source>
            <translation>
                <numerusform>cet élément</numerusform>
                <numerusform>ces %n éléments</numerusform>
            </translation>
        </message>
        <message>
            <source>Move to Trash</source>
            <translation>Placer dans la corbeille</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Move %1 to the trash?</source>
            <translation>Placer %1 dans la corbeille ?</translation>
        </message>
        <message>
            <source>Delete %1 from the server? Folders are deleted with everything in them.</source>
            <translation>Supprimer %1 du serveur ? Les dossiers sont supprimés avec tout leur contenu.</translation>
        </message>
        <message>
            <source>Delete %1 for good? Folders are deleted with everything in them.</source>
            <translation>Supprimer définitivement %1 ? Les dossiers sont supprimés avec tout leur contenu.</translation>
        </message>
        <message>
            <source>Move to &amp;Trash</source>
            <translation>Placer dans la &amp;corbeille</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>&amp;Supprimer</translation>
        </message>
        <message>
            <source>Nothing to paste here: copy files in the other pane first (Ctrl+C), then paste them here to transfer them.</source>
            <translation>Rien à coller ici : copiez d'abord des fichiers dans l'autre volet (Ctrl+C), puis collez-les ici pour les transférer.</translation>
        </message>
        <message>
            <source>Download and Delete From Server</source>
            <translation>Télécharger et supprimer du serveur</translation>
        </message>
        <message>
            <source>Upload and Delete Local Copy</source>
            <translation>Envoyer et supprimer la copie locale</translation>
        </message>
        <message>
            <source>Download %1 to %2, then delete it from the server?</source>
            <translation>Télécharger %1 dans %2, puis le supprimer du serveur ?</translation>
        </message>
        <message>
            <source>Upload %1 to %2, then delete the local copy?</source>
            <translation>Envoyer %1 dans %2, puis supprimer la copie locale ?</translation>
        </message>
        <message>
            <source>Each file is deleted once its copy is complete and its size checked; a folder once everything in it has moved. What fails or is skipped stays.</source>
            <translation>Chaque fichier est supprimé une fois sa copie terminée et sa taille vérifiée ; un dossier, une fois tout son contenu déplacé. Ce qui échoue ou est ignoré reste.</translation>
        </message>
        <message>
            <source>&amp;Move</source>
            <translation>&amp;Déplacer</translation>
        </message>
    </context>
    <context>
        <name>ferry::PaneController</name>
        <message>
            <source>Could not open %1: %2</source>
            <translation>Impossible d'ouvrir %1 : %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::PaneView</name>
        <message>
            <source>&amp;Copy Here</source>
            <translation>&amp;Copier ici</translation>
        </message>
        <message>
            <source>&amp;Move Here</source>
            <translation>&amp;Déplacer ici</translation>
        </message>
        <message>
            <source>Transfer, then delete each source once its copy is complete</source>
            <translation>Transférer, puis supprimer chaque source une fois sa copie terminée</translation>
        </message>
        <message>
            <source>C&amp;ancel</source>
            <translation>&amp;Annuler</translation>
        </message>
    </context>
    <context>
        <name>ferry::PartFile</name>
        <message>
            <source>Cannot download to %1: it exists and is not a regular file.</source>
            <translation>Impossible de télécharger vers %1 : il existe et n'est pas un fichier ordinaire.</translation>
        </message>
        <message>
            <source>Cannot write %1: %2</source>
            <translation>Impossible d'écrire %1 : %2</translation>
        </message>
        <message>
            <source>Cannot truncate %1: %2</source>
            <translation>Impossible de tronquer %1 : %2</translation>
        </message>
        <message>
            <source>Cannot rename %1 to %2: %3</source>
            <translation>Impossible de renommer %1 en %2 : %3</translation>
        </message>
    </context>
    <context>
        <name>ferry::PasswordDialog</name>
        <message>
            <source>&amp;Remember in the keychain</source>
            <translation>&amp;Mémoriser dans le trousseau</translation>
        </message>
        <message>
            <source>Password for %1</source>
            <translation>Mot de passe pour %1</translation>
        </message>
        <message>
            <source>Ferry needs the password of &lt;b&gt;%1&lt;/b&gt; on &lt;b&gt;%2&lt;/b&gt;.</source>
            <translation>Ferry a besoin du mot de passe de &lt;b&gt;%1&lt;/b&gt; sur &lt;b&gt;%2&lt;/b&gt;.</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>Mot de &amp;passe :</translation>
        </message>
        <message>
            <source>Kept in the system keychain, never in a file</source>
            <translation>Conservé dans le trousseau du système, jamais dans un fichier</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>Se &amp;connecter</translation>
        </message>
    </context>
    <context>
        <name>ferry::PermissionsDialog</name>
        <message>
            <source>Permissions of %1</source>
            <translation>Permissions de %1</translation>
        </message>
        <message numerus="yes">
            <source>Permissions of %n item(s)</source>
            <translation>
                <numerusform>Permissions de %n élément</numerusform>
                <numerusform>Permissions de %n éléments</numerusform>
            </translation>
        </message>
        <message>
            <source>Read</source>
            <translation>Lecture</translation>
        </message>
        <message>
            <source>Write</source>
            <translation>Écriture</translation>
        </message>
        <message>
            <source>Execute</source>
            <translation>Exécution</translation>
        </message>
        <message>
            <source>Owner</source>
            <translation>Propriétaire</translation>
        </message>
        <message>
            <source>Group</source>
            <translation>Groupe</translation>
        </message>
        <message>
            <source>Others</source>
            <translation>Autres</translation>
        </message>
        <message>
            <source>&amp;Numeric value:</source>
            <translation>&amp;Valeur numérique :</translation>
        </message>
        <message>
            <source>mixed</source>
            <translation>mixte</translation>
        </message>
        <message>
            <source>&amp;Recurse into subfolders</source>
            <translation>&amp;Récursif dans les sous-dossiers</translation>
        </message>
        <message>
            <source>Apply to &amp;all files and folders</source>
            <translation>Appliquer à &amp;tous les fichiers et dossiers</translation>
        </message>
        <message>
            <source>Apply to &amp;files only</source>
            <translation>Appliquer aux &amp;fichiers seulement</translation>
        </message>
        <message>
            <source>Apply to f&amp;olders only</source>
            <translation>Appliquer aux &amp;dossiers seulement</translation>
        </message>
    </context>
    <context>
        <name>ferry::PrivateFile</name>
        <message>
            <source>Cannot create the folder %1.</source>
            <translation>Impossible de créer le dossier %1.</translation>
        </message>
        <message>
            <source>Cannot make the folder %1 private.</source>
            <translation>Impossible de rendre le dossier %1 privé.</translation>
        </message>
        <message>
            <source>Cannot make %1 private.</source>
            <translation>Impossible de rendre %1 privé.</translation>
        </message>
    </context>
    <context>
        <name>ferry::QueueLogins</name>
        <message>
            <source>Transfers in the queue belong to a site that is no longer in the site manager: they wait.</source>
            <translation>Des transferts de la file appartiennent à un site qui n'est plus dans le gestionnaire de sites : ils attendent.</translation>
        </message>
        <message>
            <source>Transfers in the queue wait: %1</source>
            <translation>Des transferts de la file attendent : %1</translation>
        </message>
        <message>
            <source>The transfers to %1 wait: no password was given.</source>
            <translation>Les transferts vers %1 attendent : aucun mot de passe n'a été donné.</translation>
        </message>
    </context>
    <context>
        <name>ferry::QueueModel</name>
        <message>
            <source>Waiting to retry (attempt %1): %2</source>
            <translation>En attente d'une nouvelle tentative (essai %1) : %2</translation>
        </message>
        <message>
            <source>Waiting</source>
            <translation>En attente</translation>
        </message>
        <message>
            <source>Deleting</source>
            <translation>Suppression</translation>
        </message>
        <message>
            <source>Reading the folder</source>
            <translation>Lecture du dossier</translation>
        </message>
        <message>
            <source>Creating the folder</source>
            <translation>Création du dossier</translation>
        </message>
        <message>
            <source>Resuming</source>
            <translation>Reprise</translation>
        </message>
        <message>
            <source>Transferring</source>
            <translation>Transfert</translation>
        </message>
        <message>
            <source>Paused</source>
            <translation>En pause</translation>
        </message>
        <message>
            <source>Waiting for its contents</source>
            <translation>En attente de son contenu</translation>
        </message>
        <message>
            <source>Done (folder read)</source>
            <translation>Terminé (dossier lu)</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Terminé</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Échec</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>Échec : %1</translation>
        </message>
        <message>
            <source>Skipped</source>
            <translation>Ignoré</translation>
        </message>
        <message>
            <source>Skipped: %1</source>
            <translation>Ignoré : %1</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>%1/s</source>
            <translation>%1/s</translation>
        </message>
        <message>
            <source>Upload</source>
            <translation>Envoi</translation>
        </message>
        <message>
            <source>Download</source>
            <translation>Téléchargement</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Suppression</translation>
        </message>
        <message>
            <source>Local file</source>
            <translation>Fichier local</translation>
        </message>
        <message>
            <source>Remote file</source>
            <translation>Fichier distant</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Taille</translation>
        </message>
        <message>
            <source>Progress</source>
            <translation>Progression</translation>
        </message>
        <message>
            <source>Speed</source>
            <translation>Vitesse</translation>
        </message>
        <message>
            <source>Time left</source>
            <translation>Temps restant</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Serveur</translation>
        </message>
        <message>
            <source>Copy between servers</source>
            <translation>Copie entre serveurs</translation>
        </message>
        <message>
            <source>Waiting (move)</source>
            <translation>En attente (déplacement)</translation>
        </message>
        <message>
            <source>Moving</source>
            <translation>Déplacement</translation>
        </message>
        <message>
            <source>Moved (folder removed)</source>
            <translation>Déplacé (dossier supprimé)</translation>
        </message>
        <message>
            <source>Moved</source>
            <translation>Déplacé</translation>
        </message>
        <message>
            <source>Move to the server (the local copy is deleted once sent)</source>
            <translation>Déplacer vers le serveur (la copie locale est supprimée une fois envoyée)</translation>
        </message>
        <message>
            <source>Move from the server (its copy is deleted once downloaded)</source>
            <translation>Déplacer depuis le serveur (sa copie est supprimée une fois téléchargée)</translation>
        </message>
    </context>
    <context>
        <name>ferry::QueuePanel</name>
        <message>
            <source>&amp;Pause</source>
            <translation>Mettre en &amp;pause</translation>
        </message>
        <message>
            <source>&amp;Resume</source>
            <translation>&amp;Reprendre</translation>
        </message>
        <message>
            <source>&amp;Cancel</source>
            <translation>&amp;Annuler</translation>
        </message>
        <message>
            <source>Re&amp;try</source>
            <translation>Réessa&amp;yer</translation>
        </message>
        <message>
            <source>Retry &amp;All Failed</source>
            <translation>Réessayer &amp;tous les échecs</translation>
        </message>
        <message>
            <source>Remove &amp;Finished</source>
            <translation>Retirer les ter&amp;minés</translation>
        </message>
        <message>
            <source>&amp;Open the Local Folder</source>
            <translation>&amp;Ouvrir le dossier local</translation>
        </message>
        <message>
            <source>Copy the &amp;Reason</source>
            <translation>&amp;Copier la raison</translation>
        </message>
        <message>
            <source>&amp;Highest</source>
            <translation>La plus &amp;haute</translation>
        </message>
        <message>
            <source>H&amp;igh</source>
            <translation>Hau&amp;te</translation>
        </message>
        <message>
            <source>&amp;Normal</source>
            <translation>&amp;Normale</translation>
        </message>
        <message>
            <source>&amp;Low</source>
            <translation>&amp;Basse</translation>
        </message>
        <message>
            <source>L&amp;owest</source>
            <translation>La plus ba&amp;sse</translation>
        </message>
        <message>
            <source>Queued (%L1)</source>
            <translation>Fichiers en file d'attente (%L1)</translation>
        </message>
        <message>
            <source>Failed (%L1)</source>
            <translation>Transferts échoués (%L1)</translation>
        </message>
        <message>
            <source>Successful (%L1)</source>
            <translation>Transferts réussis (%L1)</translation>
        </message>
        <message>
            <source>&amp;Priority</source>
            <translation>Pr&amp;iorité</translation>
        </message>
        <message>
            <source>Transfer lists</source>
            <translation>Listes de transferts</translation>
        </message>
        <message>
            <source>Queued transfers</source>
            <translation>Transferts en attente</translation>
        </message>
        <message>
            <source>Failed transfers</source>
            <translation>Transferts échoués</translation>
        </message>
        <message>
            <source>Finished transfers</source>
            <translation>Transferts terminés</translation>
        </message>
    </context>
    <context>
        <name>ferry::QueuePrompts</name>
        <message>
            <source>Unfinished Transfers</source>
            <translation>Transferts inachevés</translation>
        </message>
        <message numerus="yes">
            <source>%n transfer(s) were not finished.</source>
            <translation>
                <numerusform>%n transfert n'a pas été terminé.</numerusform>
                <numerusform>%n transferts n'ont pas été terminés.</numerusform>
            </translation>
        </message>
        <message>
            <source>Resume them (each file continues where it stopped, once its server is connected), or clear them from the queue.</source>
            <translation>Reprenez-les (chaque fichier continue là où il s'est arrêté, une fois son serveur connecté), ou retirez-les de la file d'attente.</translation>
        </message>
        <message>
            <source>&amp;Resume</source>
            <translation>&amp;Reprendre</translation>
        </message>
        <message>
            <source>&amp;Clear</source>
            <translation>&amp;Vider</translation>
        </message>
        <message>
            <source>Transfers Are Running</source>
            <translation>Des transferts sont en cours</translation>
        </message>
        <message>
            <source>Transfers are still running. Close Ferry anyway?</source>
            <translation>Des transferts sont encore en cours. Fermer Ferry quand même ?</translation>
        </message>
        <message>
            <source>&amp;Wait for Them</source>
            <translation>&amp;Attendre leur fin</translation>
        </message>
        <message>
            <source>&amp;Stop and Resume Next Time</source>
            <translation>A&amp;rrêter et reprendre la prochaine fois</translation>
        </message>
        <message>
            <source>&amp;Cancel the Transfers</source>
            <translation>Annuler les &amp;transferts</translation>
        </message>
        <message>
            <source>&amp;Keep Ferry Open</source>
            <translation>&amp;Garder Ferry ouvert</translation>
        </message>
    </context>
    <context>
        <name>ferry::QueueStatus</name>
        <message>
            <source>Transferring %L1 of %L2 files, %3 %, %4/s</source>
            <translation>Transfert : fichier %L1 sur %L2, %3 %, %4/s</translation>
        </message>
        <message>
            <source>Transferring %L1 of %L2 files, %3 %, %4/s, %5 left</source>
            <translation>Transfert : fichier %L1 sur %L2, %3 %, %4/s, reste %5</translation>
        </message>
        <message>
            <source>Queue: empty</source>
            <translation>File d'attente : vide</translation>
        </message>
        <message numerus="yes">
            <source>Queue: %n transfer(s) waiting</source>
            <translation>
                <numerusform>File d'attente : %n transfert en attente</numerusform>
                <numerusform>File d'attente : %n transferts en attente</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Queue stopped: %n transfer(s) waiting</source>
            <translation>
                <numerusform>File d'attente arrêtée : %n transfert en attente</numerusform>
                <numerusform>File d'attente arrêtée : %n transferts en attente</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 % · %2/s</source>
            <translation>%1 % · %2/s</translation>
        </message>
    </context>
    <context>
        <name>ferry::QueueStore</name>
        <message>
            <source>Queue database %1: %2</source>
            <translation>Base de données de la file d'attente %1 : %2</translation>
        </message>
        <message>
            <source>The Qt SQLite driver is missing (install libqt6sql6-sqlite).</source>
            <translation>Le pilote SQLite de Qt est absent (installez libqt6sql6-sqlite).</translation>
        </message>
        <message>
            <source>Cannot open the queue database %1: %2</source>
            <translation>Impossible d'ouvrir la base de données de la file d'attente %1 : %2</translation>
        </message>
        <message>
            <source>%1 is not a queue database: %2</source>
            <translation>%1 n'est pas une base de données de file d'attente : %2</translation>
        </message>
        <message>
            <source>%1 was written by a newer Ferry (queue version %2).</source>
            <translation>%1 a été écrit par une version plus récente de Ferry (file d'attente version %2).</translation>
        </message>
    </context>
    <context>
        <name>ferry::QuickConnectBar</name>
        <message>
            <source>&amp;Connect</source>
            <translation>&amp;Connexion</translation>
        </message>
        <message>
            <source>&amp;Host:</source>
            <translation>&amp;Hôte :</translation>
        </message>
        <message>
            <source>&amp;User:</source>
            <translation>&amp;Utilisateur :</translation>
        </message>
        <message>
            <source>Pass&amp;word:</source>
            <translation>Mot de &amp;passe :</translation>
        </message>
        <message>
            <source>Po&amp;rt:</source>
            <translation>Po&amp;rt :</translation>
        </message>
        <message>
            <source>host or ftp://… address</source>
            <translation>hôte ou adresse ftp://…</translation>
        </message>
        <message>
            <source>anonymous</source>
            <translation>anonyme</translation>
        </message>
        <message>
            <source>Recent connections</source>
            <translation>Connexions récentes</translation>
        </message>
        <message>
            <source>No recent connections</source>
            <translation>Aucune connexion récente</translation>
        </message>
    </context>
    <context>
        <name>ferry::RemoteEditBanner</name>
        <message>
            <source>%1 was uploaded to %2.</source>
            <translation>%1 a été envoyé vers %2.</translation>
        </message>
        <message>
            <source>Stop Uploading Automatically</source>
            <translation>Ne plus envoyer automatiquement</translation>
        </message>
        <message>
            <source>%1 Upload your copy anyway?</source>
            <translation>%1 Envoyer votre copie quand même ?</translation>
        </message>
        <message>
            <source>Upload Anyway</source>
            <translation>Envoyer quand même</translation>
        </message>
        <message>
            <source>Ignore</source>
            <translation>Ignorer</translation>
        </message>
        <message>
            <source>%1 was saved. Upload it to the server?</source>
            <translation>%1 a été enregistré. L'envoyer sur le serveur ?</translation>
        </message>
        <message>
            <source>Upload</source>
            <translation>Envoyer</translation>
        </message>
        <message>
            <source>Always Upload</source>
            <translation>Toujours envoyer</translation>
        </message>
        <message>
            <source>Upload edited files whenever they are saved, without asking</source>
            <translation>Envoyer les fichiers modifiés à chaque enregistrement, sans demander</translation>
        </message>
        <message>
            <source>Edited Files</source>
            <translation>Fichiers modifiés</translation>
        </message>
        <message numerus="yes">
            <source>Changes not on the server yet in %n edited file(s): %1</source>
            <translation>
                <numerusform>Modifications pas encore sur le serveur dans %n fichier modifié : %1</numerusform>
                <numerusform>Modifications pas encore sur le serveur dans %n fichiers modifiés : %1</numerusform>
            </translation>
        </message>
        <message>
            <source>The temporary copies are deleted when Ferry closes.</source>
            <translation>Les copies temporaires sont supprimées à la fermeture de Ferry.</translation>
        </message>
        <message>
            <source>&amp;Upload and Close</source>
            <translation>&amp;Envoyer et fermer</translation>
        </message>
        <message>
            <source>&amp;Discard Changes</source>
            <translation>A&amp;bandonner les modifications</translation>
        </message>
        <message>
            <source>&amp;Keep Ferry Open</source>
            <translation>&amp;Garder Ferry ouvert</translation>
        </message>
    </context>
    <context>
        <name>ferry::RemoteEditor</name>
        <message numerus="yes">
            <source>%n byte(s)</source>
            <translation>
                <numerusform>%n octet</numerusform>
                <numerusform>%n octets</numerusform>
            </translation>
        </message>
        <message>
            <source>size unknown</source>
            <translation>taille inconnue</translation>
        </message>
        <message>
            <source>Cannot start %1 to open %2.</source>
            <translation>Impossible de lancer %1 pour ouvrir %2.</translation>
        </message>
        <message>
            <source>Cannot make a temporary folder in %1: %2</source>
            <translation>Impossible de créer un dossier temporaire dans %1 : %2</translation>
        </message>
        <message>
            <source>not connected</source>
            <translation>non connecté</translation>
        </message>
        <message>
            <source>Cannot open %1: %2</source>
            <translation>Impossible d'ouvrir %1 : %2</translation>
        </message>
        <message>
            <source>Downloading %1 to view it</source>
            <translation>Téléchargement de %1 pour l'afficher</translation>
        </message>
        <message>
            <source>Downloading %1 to edit it</source>
            <translation>Téléchargement de %1 pour le modifier</translation>
        </message>
        <message>
            <source>%1 was not uploaded: %2</source>
            <translation>%1 n'a pas été envoyé : %2</translation>
        </message>
        <message>
            <source>%1 uploaded to %2</source>
            <translation>%1 envoyé vers %2</translation>
        </message>
        <message>
            <source>Connect to the server again to upload it.</source>
            <translation>Reconnectez-vous au serveur pour l'envoyer.</translation>
        </message>
        <message>
            <source>%1 was not uploaded: connect to %2 again first.</source>
            <translation>%1 n'a pas été envoyé : reconnectez-vous d'abord à %2.</translation>
        </message>
        <message>
            <source>it is not there any more</source>
            <translation>il n'y est plus</translation>
        </message>
        <message>
            <source>%1 was changed on the server since you opened it (then: %2; now: %3).</source>
            <translation>%1 a été modifié sur le serveur depuis que vous l'avez ouvert (alors : %2 ; maintenant : %3).</translation>
        </message>
        <message>
            <source>The queue refused the upload.</source>
            <translation>La file d'attente a refusé l'envoi.</translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation>%1, %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::RemoteError</name>
        <message>
            <source>The server closed the connection.</source>
            <translation>Le serveur a fermé la connexion.</translation>
        </message>
        <message>
            <source>The data connection failed.</source>
            <translation>La connexion de données a échoué.</translation>
        </message>
        <message>
            <source>The server refused the login or says you are not logged in.</source>
            <translation>Le serveur a refusé l'authentification ou indique que vous n'êtes pas authentifié.</translation>
        </message>
        <message>
            <source>The server needs an account (ACCT) for this.</source>
            <translation>Le serveur demande un compte (ACCT) pour cela.</translation>
        </message>
        <message>
            <source>The server does not support this command.</source>
            <translation>Le serveur ne prend pas en charge cette commande.</translation>
        </message>
        <message>
            <source>The server does not support %1.</source>
            <translation>Le serveur ne prend pas en charge %1.</translation>
        </message>
        <message>
            <source>The server says it is not a folder.</source>
            <translation>Le serveur indique que ce n'est pas un dossier.</translation>
        </message>
        <message>
            <source>The server rejected the argument.</source>
            <translation>Le serveur a rejeté l'argument.</translation>
        </message>
    </context>
    <context>
        <name>ferry::RemoteFileOps</name>
        <message>
            <source>Created folder %1</source>
            <translation>Dossier %1 créé</translation>
        </message>
        <message>
            <source>Created file %1</source>
            <translation>Fichier %1 créé</translation>
        </message>
        <message>
            <source>Could not rename %1: "%2" is not a valid name.</source>
            <translation>Impossible de renommer %1 : « %2 » n'est pas un nom valide.</translation>
        </message>
        <message>
            <source>Could not rename %1 to %2: it already exists.</source>
            <translation>Impossible de renommer %1 en %2 : il existe déjà.</translation>
        </message>
        <message>
            <source>Renamed %1 to %2</source>
            <translation>%1 renommé en %2</translation>
        </message>
        <message numerus="yes">
            <source>Deleted %n item(s) in %1</source>
            <translation>
                <numerusform>%n élément supprimé dans %1</numerusform>
                <numerusform>%n éléments supprimés dans %1</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 is nested too deeply to delete.</source>
            <translation>%1 est trop profondément imbriqué pour être supprimé.</translation>
        </message>
        <message numerus="yes">
            <source>Changed the permissions of %n item(s)</source>
            <translation>
                <numerusform>Permissions de %n élément modifiées</numerusform>
                <numerusform>Permissions de %n éléments modifiées</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 is nested too deeply.</source>
            <translation>%1 est trop profondément imbriqué.</translation>
        </message>
        <message numerus="yes">
            <source>Moved %n item(s) to %1</source>
            <translation>
                <numerusform>%n élément déplacé vers %1</numerusform>
                <numerusform>%n éléments déplacés vers %1</numerusform>
            </translation>
        </message>
        <message>
            <source>Could not move %1: %2 exists already.</source>
            <translation>Impossible de déplacer %1 : %2 existe déjà.</translation>
        </message>
    </context>
    <context>
        <name>ferry::RemoteLister</name>
        <message>
            <source>Not connected.</source>
            <translation>Non connecté.</translation>
        </message>
    </context>
    <context>
        <name>ferry::RemoteSession</name>
        <message>
            <source>This connection cannot copy straight to another server.</source>
            <translation>Cette connexion ne peut pas copier directement vers un autre serveur.</translation>
        </message>
        <message>
            <source>Unknown protocol.</source>
            <translation>Protocole inconnu.</translation>
        </message>
    </context>
    <context>
        <name>ferry::SecretDialog</name>
        <message>
            <source>The passphrase was wrong. Try again.</source>
            <translation>La phrase de passe était incorrecte. Réessayez.</translation>
        </message>
        <message>
            <source>The server did not accept the answer. Try again.</source>
            <translation>Le serveur n'a pas accepté la réponse. Réessayez.</translation>
        </message>
        <message>
            <source>Password for %1</source>
            <translation>Mot de passe pour %1</translation>
        </message>
        <message>
            <source>Ferry needs the password of &lt;b&gt;%1&lt;/b&gt; on &lt;b&gt;%2&lt;/b&gt;.</source>
            <translation>Ferry a besoin du mot de passe de &lt;b&gt;%1&lt;/b&gt; sur &lt;b&gt;%2&lt;/b&gt;.</translation>
        </message>
        <message>
            <source>&amp;Password:</source>
            <translation>Mot de &amp;passe :</translation>
        </message>
        <message>
            <source>Passphrase for a key</source>
            <translation>Phrase de passe d'une clé</translation>
        </message>
        <message>
            <source>The key file &lt;b&gt;%1&lt;/b&gt; is protected by a passphrase.</source>
            <translation>Le fichier de clé &lt;b&gt;%1&lt;/b&gt; est protégé par une phrase de passe.</translation>
        </message>
        <message>
            <source>&amp;Passphrase:</source>
            <translation>Phrase de &amp;passe :</translation>
        </message>
        <message>
            <source>Login to %1</source>
            <translation>Connexion à %1</translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt; asks &lt;b&gt;%2&lt;/b&gt;:</source>
            <translation>&lt;b&gt;%1&lt;/b&gt; demande &lt;b&gt;%2&lt;/b&gt; :</translation>
        </message>
        <message>
            <source>&amp;Remember in the keychain</source>
            <translation>&amp;Mémoriser dans le trousseau</translation>
        </message>
        <message>
            <source>Kept in the system keychain for this site, never in a file</source>
            <translation>Conservé dans le trousseau du système pour ce site, jamais dans un fichier</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>Se &amp;connecter</translation>
        </message>
    </context>
    <context>
        <name>ferry::SecretRequest</name>
        <message>
            <source>Wrong password. Password for %1@%2:</source>
            <translation>Mot de passe incorrect. Mot de passe pour %1@%2 :</translation>
        </message>
        <message>
            <source>Password for %1@%2:</source>
            <translation>Mot de passe pour %1@%2 :</translation>
        </message>
        <message>
            <source>Wrong passphrase. Passphrase for key %1:</source>
            <translation>Phrase de passe incorrecte. Phrase de passe de la clé %1 :</translation>
        </message>
        <message>
            <source>Passphrase for key %1:</source>
            <translation>Phrase de passe de la clé %1 :</translation>
        </message>
        <message>
            <source>%1@%2 asks:</source>
            <translation>%1@%2 demande :</translation>
        </message>
    </context>
    <context>
        <name>ferry::SecurityIndicator</name>
        <message>
            <source>Not encrypted</source>
            <translation>Non chiffré</translation>
        </message>
        <message>
            <source>Plain FTP: the password and the files cross the network in clear text</source>
            <translation>FTP simple : le mot de passe et les fichiers traversent le réseau en clair</translation>
        </message>
        <message>
            <source>Encrypted (%1). Click to see the server's certificate.</source>
            <translation>Chiffré (%1). Cliquez pour voir le certificat du serveur.</translation>
        </message>
    </context>
    <context>
        <name>ferry::ServerCopy</name>
        <message>
            <source>No connection.</source>
            <translation>Aucune connexion.</translation>
        </message>
        <message>
            <source>The copy of %1 is incomplete: %2 of %3 bytes arrived.</source>
            <translation>La copie de %1 est incomplète : %2 octets sur %3 sont arrivés.</translation>
        </message>
    </context>
    <context>
        <name>ferry::ServerCopyCall</name>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
    </context>
    <context>
        <name>ferry::SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>Paramètres</translation>
        </message>
        <message>
            <source>&amp;Transfers</source>
            <translation>&amp;Transferts</translation>
        </message>
        <message>
            <source>&amp;Connection</source>
            <translation>&amp;Connexion</translation>
        </message>
        <message>
            <source>&amp;Interface</source>
            <translation>&amp;Interface</translation>
        </message>
        <message>
            <source>Settings pages</source>
            <translation>Pages des paramètres</translation>
        </message>
    </context>
    <context>
        <name>ferry::Sftp</name>
        <message>
            <source>no such file or folder</source>
            <translation>fichier ou dossier introuvable</translation>
        </message>
        <message>
            <source>permission denied</source>
            <translation>permission refusée</translation>
        </message>
        <message>
            <source>the server does not support this</source>
            <translation>le serveur ne prend pas cela en charge</translation>
        </message>
        <message>
            <source>unexpected end of file</source>
            <translation>fin de fichier inattendue</translation>
        </message>
        <message>
            <source>the server did not understand the request</source>
            <translation>le serveur n'a pas compris la requête</translation>
        </message>
        <message>
            <source>the server lost its connection</source>
            <translation>le serveur a perdu sa connexion</translation>
        </message>
        <message>
            <source>the server refused</source>
            <translation>le serveur a refusé</translation>
        </message>
        <message>
            <source>%1: unexpected reply (packet type %2)</source>
            <translation>%1 : réponse inattendue (type de paquet %2)</translation>
        </message>
        <message>
            <source>%1: %2 (server: %3)</source>
            <translation>%1 : %2 (serveur : %3)</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1 : %2</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 octets</translation>
        </message>
    </context>
    <context>
        <name>ferry::SftpCall</name>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
    </context>
    <context>
        <name>ferry::SftpChannel</name>
        <message>
            <source>The SFTP connection is closed</source>
            <translation>La connexion SFTP est fermée</translation>
        </message>
        <message>
            <source>Sending to the server failed: %1</source>
            <translation>L'envoi au serveur a échoué : %1</translation>
        </message>
        <message>
            <source>The server closed the SFTP connection</source>
            <translation>Le serveur a fermé la connexion SFTP</translation>
        </message>
        <message>
            <source>The connection to the server broke: %1</source>
            <translation>La connexion au serveur a été rompue : %1</translation>
        </message>
        <message>
            <source>The server sent a malformed SFTP packet</source>
            <translation>Le serveur a envoyé un paquet SFTP mal formé</translation>
        </message>
        <message>
            <source>The server answered a request that was not sent (id %1)</source>
            <translation>Le serveur a répondu à une requête qui n'a pas été envoyée (id %1)</translation>
        </message>
        <message>
            <source>The server does not speak SFTP version 3 (it answered with packet type %1, version %2)</source>
            <translation>Le serveur ne parle pas SFTP version 3 (il a répondu avec le type de paquet %1, version %2)</translation>
        </message>
        <message>
            <source>The server did not answer for %1 seconds</source>
            <translation>Le serveur n'a pas répondu pendant %1 secondes</translation>
        </message>
    </context>
    <context>
        <name>ferry::SftpRemoteSession</name>
        <message>
            <source>%1 is not a folder.</source>
            <translation>%1 n'est pas un dossier.</translation>
        </message>
        <message>
            <source>SFTP cannot let the server choose a unique name.</source>
            <translation>SFTP ne permet pas de laisser le serveur choisir un nom unique.</translation>
        </message>
        <message>
            <source>SFTP servers offer no checksum.</source>
            <translation>Les serveurs SFTP ne proposent aucune somme de contrôle.</translation>
        </message>
    </context>
    <context>
        <name>ferry::SftpSession</name>
        <message>
            <source>This host key was accepted earlier in this run</source>
            <translation>Cette clé d'hôte a été acceptée plus tôt pendant cette session</translation>
        </message>
        <message>
            <source>Waiting for your answer about this host key (asked for another connection)</source>
            <translation>En attente de votre réponse au sujet de cette clé d'hôte (demandée pour une autre connexion)</translation>
        </message>
        <message>
            <source>The host key is not trusted and nobody can be asked: rejected</source>
            <translation>La clé d'hôte n'est pas approuvée et personne ne peut être interrogé : rejetée</translation>
        </message>
        <message>
            <source>Disconnected</source>
            <translation>Déconnecté</translation>
        </message>
    </context>
    <context>
        <name>ferry::SftpTransfer</name>
        <message>
            <source>The local file was closed during the download</source>
            <translation>Le fichier local a été fermé pendant le téléchargement</translation>
        </message>
        <message>
            <source>Could not write the local file: %1</source>
            <translation>Impossible d'écrire le fichier local : %1</translation>
        </message>
        <message>
            <source>The local file was closed during the upload</source>
            <translation>Le fichier local a été fermé pendant l'envoi</translation>
        </message>
        <message>
            <source>Could not read the local file: %1</source>
            <translation>Impossible de lire le fichier local : %1</translation>
        </message>
    </context>
    <context>
        <name>ferry::SftpWorker</name>
        <message>
            <source>SFTP version %1; extensions: %2</source>
            <translation>SFTP version %1 ; extensions : %2</translation>
        </message>
        <message>
            <source>none</source>
            <translation>aucune</translation>
        </message>
        <message>
            <source>Logged in; home folder %1; requests of %2 KiB (read) and %3 KiB (write)</source>
            <translation>Authentifié ; dossier personnel %1 ; requêtes de %2 Kio (lecture) et %3 Kio (écriture)</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>inconnu</translation>
        </message>
        <message>
            <source>Not connected</source>
            <translation>Non connecté</translation>
        </message>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Disconnected</source>
            <translation>Déconnecté</translation>
        </message>
    </context>
    <context>
        <name>ferry::SiteChanges</name>
        <message>
            <source>The keychain did not take a password: %1</source>
            <translation>Le trousseau n'a pas accepté un mot de passe : %1</translation>
        </message>
    </context>
    <context>
        <name>ferry::SiteEditor</name>
        <message>
            <source>Choose a folder</source>
            <translation>Choisir un dossier</translation>
        </message>
        <message>
            <source>Choose a file</source>
            <translation>Choisir un fichier</translation>
        </message>
        <message>
            <source>Default Local Folder</source>
            <translation>Dossier local par défaut</translation>
        </message>
        <message>
            <source>Key File</source>
            <translation>Fichier de clé</translation>
        </message>
        <message>
            <source>Na&amp;me:</source>
            <translation>No&amp;m :</translation>
        </message>
        <message>
            <source>&amp;General</source>
            <translation>&amp;Général</translation>
        </message>
        <message>
            <source>&amp;Advanced</source>
            <translation>A&amp;vancé</translation>
        </message>
        <message>
            <source>&amp;Transfer Settings</source>
            <translation>Paramètres de trans&amp;fert</translation>
        </message>
        <message>
            <source>C&amp;harset</source>
            <translation>&amp;Jeu de caractères</translation>
        </message>
        <message>
            <source>FTP – File Transfer Protocol</source>
            <translation>FTP – protocole de transfert de fichiers</translation>
        </message>
        <message>
            <source>FTPES – FTP over explicit TLS</source>
            <translation>FTPES – FTP sur TLS explicite</translation>
        </message>
        <message>
            <source>FTPS – FTP over implicit TLS</source>
            <translation>FTPS – FTP sur TLS implicite</translation>
        </message>
        <message>
            <source>SFTP – SSH File Transfer Protocol</source>
            <translation>SFTP – protocole de transfert de fichiers SSH</translation>
        </message>
        <message>
            <source>&amp;Protocol:</source>
            <translation>&amp;Protocole :</translation>
        </message>
        <message>
            <source>Port</source>
            <translation>Port</translation>
        </message>
        <message>
            <source>P&amp;ort:</source>
            <translation>Por&amp;t :</translation>
        </message>
        <message>
            <source>&amp;Host:</source>
            <translation>&amp;Hôte :</translation>
        </message>
        <message>
            <source>Require explicit TLS</source>
            <translation>Exiger TLS explicite</translation>
        </message>
        <message>
            <source>Use explicit TLS if available</source>
            <translation>Utiliser TLS explicite si disponible</translation>
        </message>
        <message>
            <source>Only use plain FTP (insecure)</source>
            <translation>N'utiliser que le FTP simple (non sécurisé)</translation>
        </message>
        <message>
            <source>&amp;Encryption:</source>
            <translation>Chiffr&amp;ement :</translation>
        </message>
        <message>
            <source>Anonymous</source>
            <translation>Anonyme</translation>
        </message>
        <message>
            <source>Normal</source>
            <translation>Normale</translation>
        </message>
        <message>
            <source>Ask for password</source>
            <translation>Demander le mot de passe</translation>
        </message>
        <message>
            <source>Account</source>
            <translation>Compte</translation>
        </message>
        <message>
            <source>Key file</source>
            <translation>Fichier de clé</translation>
        </message>
        <message>
            <source>&amp;Logon type:</source>
            <translation>T&amp;ype d'authentification :</translation>
        </message>
        <message>
            <source>&amp;User:</source>
            <translation>&amp;Utilisateur :</translation>
        </message>
        <message>
            <source>Show</source>
            <translation>Afficher</translation>
        </message>
        <message>
            <source>Show the password (read from the keychain)</source>
            <translation>Afficher le mot de passe (lu dans le trousseau)</translation>
        </message>
        <message>
            <source>Pass&amp;word:</source>
            <translation>Mot de pa&amp;sse :</translation>
        </message>
        <message>
            <source>A&amp;ccount:</source>
            <translation>&amp;Compte :</translation>
        </message>
        <message>
            <source>&amp;Key file:</source>
            <translation>Fichier de &amp;clé :</translation>
        </message>
        <message>
            <source>Ask the SSH a&amp;gent first</source>
            <translation>Interroger d'abord l'a&amp;gent SSH</translation>
        </message>
        <message>
            <source>Comments:</source>
            <translation>Commentaires :</translation>
        </message>
        <message>
            <source>Detect automatically</source>
            <translation>Détection automatique</translation>
        </message>
        <message>
            <source>&amp;Server type:</source>
            <translation>Type de &amp;serveur :</translation>
        </message>
        <message>
            <source>Default &amp;local folder:</source>
            <translation>Dossier &amp;local par défaut :</translation>
        </message>
        <message>
            <source>The server's start folder</source>
            <translation>Le dossier de départ du serveur</translation>
        </message>
        <message>
            <source>Default &amp;remote folder:</source>
            <translation>Dossier &amp;distant par défaut :</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>How far the server's listed times are ahead of UTC</source>
            <translation>L'avance des heures listées par le serveur sur l'UTC</translation>
        </message>
        <message>
            <source>Server &amp;time-zone offset:</source>
            <translation>Décalage &amp;horaire du serveur :</translation>
        </message>
        <message>
            <source>S&amp;ynchronized browsing</source>
            <translation>Navigation s&amp;ynchronisée</translation>
        </message>
        <message>
            <source>Start with View &gt; Synchronized Browsing on, rooted at the default folders</source>
            <translation>Démarrer avec Affichage &gt; Navigation synchronisée activée, à partir des dossiers par défaut</translation>
        </message>
        <message>
            <source>&amp;Default (passive, active if it fails)</source>
            <translation>Par &amp;défaut (passif, actif en cas d'échec)</translation>
        </message>
        <message>
            <source>&amp;Passive</source>
            <translation>&amp;Passif</translation>
        </message>
        <message>
            <source>&amp;Active</source>
            <translation>&amp;Actif</translation>
        </message>
        <message>
            <source>Transfer mode:</source>
            <translation>Mode de transfert :</translation>
        </message>
        <message>
            <source>Maximum &amp;connections:</source>
            <translation>Nombre maximal de &amp;connexions :</translation>
        </message>
        <message>
            <source>&amp;Autodetect (UTF-8 when the server's bytes are UTF-8, else Latin-1)</source>
            <translation>Détection &amp;automatique (UTF-8 quand les octets du serveur sont en UTF-8, sinon Latin-1)</translation>
        </message>
        <message>
            <source>Force &amp;UTF-8</source>
            <translation>Forcer l'&amp;UTF-8</translation>
        </message>
        <message>
            <source>Use a &amp;custom charset:</source>
            <translation>Utiliser un jeu de caractères &amp;personnalisé :</translation>
        </message>
        <message>
            <source>The key's passphrase, if it has one</source>
            <translation>La phrase de passe de la clé, si elle en a une</translation>
        </message>
        <message>
            <source>Not kept</source>
            <translation>Non conservé</translation>
        </message>
        <message>
            <source>The site needs a name.</source>
            <translation>Le site doit avoir un nom.</translation>
        </message>
        <message>
            <source>A name cannot contain "/" (it separates folders).</source>
            <translation>Un nom ne peut pas contenir « / » (il sépare les dossiers).</translation>
        </message>
        <message>
            <source>Another site in this folder has this name.</source>
            <translation>Un autre site de ce dossier porte ce nom.</translation>
        </message>
        <message>
            <source>The site needs a host.</source>
            <translation>Le site doit avoir un hôte.</translation>
        </message>
        <message>
            <source>The port must be a number from 1 to 65535.</source>
            <translation>Le port doit être un nombre de 1 à 65535.</translation>
        </message>
        <message>
            <source>Choose the key file.</source>
            <translation>Choisissez le fichier de clé.</translation>
        </message>
        <message>
            <source>Site settings</source>
            <translation>Paramètres du site</translation>
        </message>
        <message>
            <source>Custom charset</source>
            <translation>Jeu de caractères personnalisé</translation>
        </message>
    </context>
    <context>
        <name>ferry::SiteManagerDialog</name>
        <message>
            <source>Site Manager</source>
            <translation>Gestionnaire de sites</translation>
        </message>
        <message>
            <source>&amp;Connect</source>
            <translation>Se &amp;connecter</translation>
        </message>
        <message>
            <source>no keychain service was given</source>
            <translation>aucun service de trousseau n'a été indiqué</translation>
        </message>
        <message>
            <source>Search sites…</source>
            <translation>Rechercher des sites…</translation>
        </message>
        <message>
            <source>&amp;New Site</source>
            <translation>&amp;Nouveau site</translation>
        </message>
        <message>
            <source>New &amp;Folder</source>
            <translation>Nouveau &amp;dossier</translation>
        </message>
        <message>
            <source>&amp;Rename</source>
            <translation>&amp;Renommer</translation>
        </message>
        <message>
            <source>D&amp;uplicate</source>
            <translation>Dupli&amp;quer</translation>
        </message>
        <message>
            <source>&amp;Delete</source>
            <translation>&amp;Supprimer</translation>
        </message>
        <message>
            <source>&amp;Import / Export</source>
            <translation>&amp;Importer / Exporter</translation>
        </message>
        <message>
            <source>Ferry sites (*.json)</source>
            <translation>Sites Ferry (*.json)</translation>
        </message>
        <message>
            <source>Site files (*.xml *.json)</source>
            <translation>Fichiers de sites (*.xml *.json)</translation>
        </message>
        <message>
            <source>All files (*)</source>
            <translation>Tous les fichiers (*)</translation>
        </message>
        <message>
            <source>Import from &amp;FileZilla…</source>
            <translation>Importer depuis &amp;FileZilla…</translation>
        </message>
        <message>
            <source>Import FileZilla's sitemanager.xml</source>
            <translation>Importer le fichier sitemanager.xml de FileZilla</translation>
        </message>
        <message>
            <source>Import Ferry &amp;Sites…</source>
            <translation>Importer des &amp;sites Ferry…</translation>
        </message>
        <message>
            <source>Import Ferry Sites</source>
            <translation>Importer des sites Ferry</translation>
        </message>
        <message>
            <source>&amp;Export Ferry Sites…</source>
            <translation>&amp;Exporter les sites Ferry…</translation>
        </message>
        <message>
            <source>Export Ferry Sites (without passwords)</source>
            <translation>Exporter les sites Ferry (sans les mots de passe)</translation>
        </message>
        <message>
            <source>New folder</source>
            <translation>Nouveau dossier</translation>
        </message>
        <message>
            <source>Rename Folder</source>
            <translation>Renommer le dossier</translation>
        </message>
        <message>
            <source>New name of the folder "%1":</source>
            <translation>Nouveau nom du dossier « %1 » :</translation>
        </message>
        <message>
            <source>No password is stored for this site</source>
            <translation>Aucun mot de passe n'est enregistré pour ce site</translation>
        </message>
        <message>
            <source>The keychain could not be read: %1</source>
            <translation>Le trousseau n'a pas pu être lu : %1</translation>
        </message>
        <message>
            <source>No keychain: passwords cannot be kept, Ferry asks for them when it connects. (%1)</source>
            <translation>Pas de trousseau : les mots de passe ne peuvent pas être conservés, Ferry les demande à la connexion. (%1)</translation>
        </message>
        <message>
            <source>Ask Each Time</source>
            <translation>Demander à chaque fois</translation>
        </message>
        <message>
            <source>New site</source>
            <translation>Nouveau site</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message>
            <source>Delete the site "%1"?</source>
            <translation>Supprimer le site « %1 » ?</translation>
        </message>
        <message numerus="yes">
            <source>Delete the folder "%1" and the %n site(s) in it?</source>
            <translation>
                <numerusform>Supprimer le dossier « %1 » et le site qu'il contient ?</numerusform>
                <numerusform>Supprimer le dossier « %1 » et les %n sites qu'il contient ?</numerusform>
            </translation>
        </message>
        <message>
            <source>The file is too large to be a list of sites.</source>
            <translation>Le fichier est trop volumineux pour être une liste de sites.</translation>
        </message>
        <message>
            <source>Import from FileZilla</source>
            <translation>Importer depuis FileZilla</translation>
        </message>
        <message>
            <source>Nothing was imported from %1.</source>
            <translation>Rien n'a été importé depuis %1.</translation>
        </message>
        <message>
            <source>Imported: %1</source>
            <translation>Importés : %1</translation>
        </message>
        <message>
            <source>Skipped or changed:</source>
            <translation>Ignorés ou modifiés :</translation>
        </message>
        <message>
            <source>Passwords go to the keychain when you press OK.</source>
            <translation>Les mots de passe vont dans le trousseau quand vous appuyez sur OK.</translation>
        </message>
        <message>
            <source>Passwords were not imported: there is no keychain.</source>
            <translation>Les mots de passe n'ont pas été importés : il n'y a pas de trousseau.</translation>
        </message>
        <message numerus="yes">
            <source>%n site(s) imported; nothing is saved until you press OK.</source>
            <translation>
                <numerusform>%n site importé ; rien n'est enregistré avant que vous appuyiez sur OK.</numerusform>
                <numerusform>%n sites importés ; rien n'est enregistré avant que vous appuyiez sur OK.</numerusform>
            </translation>
        </message>
        <message>
            <source>Search sites</source>
            <translation>Rechercher des sites</translation>
        </message>
        <message>
            <source>Sites</source>
            <translation>Sites</translation>
        </message>
    </context>
    <context>
        <name>ferry::SiteMenus</name>
        <message>
            <source>Add Bookmark</source>
            <translation>Ajouter un favori</translation>
        </message>
        <message>
            <source>Name of the bookmark for %1 and %2:</source>
            <translation>Nom du favori pour %1 et %2 :</translation>
        </message>
        <message>
            <source>&amp;Recent Connections</source>
            <translation>Connexions réce&amp;ntes</translation>
        </message>
        <message>
            <source>&amp;Sites</source>
            <translation>&amp;Sites</translation>
        </message>
        <message>
            <source>Bookmarks belong to sites of the site manager: connect to one first.</source>
            <translation>Les favoris appartiennent aux sites du gestionnaire de sites : connectez-vous d'abord à l'un d'eux.</translation>
        </message>
    </context>
    <context>
        <name>ferry::SiteProfile</name>
        <message>
            <source>The site has no id.</source>
            <translation>Le site n'a pas d'identifiant.</translation>
        </message>
        <message>
            <source>The site needs a name.</source>
            <translation>Le site doit avoir un nom.</translation>
        </message>
        <message>
            <source>A site name cannot contain '/': %1</source>
            <translation>Un nom de site ne peut pas contenir « / » : %1</translation>
        </message>
        <message>
            <source>The site "%1" needs a host.</source>
            <translation>Le site « %1 » doit avoir un hôte.</translation>
        </message>
        <message>
            <source>Invalid host name "%1".</source>
            <translation>Nom d'hôte non valide « %1 ».</translation>
        </message>
        <message>
            <source>The port must be between 1 and 65535.</source>
            <translation>Le port doit être compris entre 1 et 65535.</translation>
        </message>
        <message>
            <source>The connection limit must be between %1 and %2.</source>
            <translation>La limite de connexions doit être comprise entre %1 et %2.</translation>
        </message>
        <message>
            <source>Unknown charset "%1".</source>
            <translation>Jeu de caractères inconnu « %1 ».</translation>
        </message>
        <message>
            <source>Unknown server type "%1".</source>
            <translation>Type de serveur inconnu « %1 ».</translation>
        </message>
        <message>
            <source>The server time-zone offset must be within ±24 hours.</source>
            <translation>Le décalage horaire du serveur doit rester dans ±24 heures.</translation>
        </message>
        <message>
            <source>The site "%1" logs in with a key file, which only SFTP does.</source>
            <translation>Le site « %1 » se connecte avec un fichier de clé, ce que seul SFTP permet.</translation>
        </message>
        <message>
            <source>The site "%1" logs in with a key file but names none.</source>
            <translation>Le site « %1 » se connecte avec un fichier de clé mais n'en indique aucun.</translation>
        </message>
        <message>
            <source>SFTP has no account (ACCT) login: the site "%1" needs another logon type.</source>
            <translation>SFTP n'a pas d'authentification par compte (ACCT) : le site « %1 » doit utiliser un autre type d'authentification.</translation>
        </message>
        <message>
            <source>A site has no valid id.</source>
            <translation>Un site n'a pas d'identifiant valide.</translation>
        </message>
        <message>
            <source>The site "%1" has an unknown protocol.</source>
            <translation>Le site « %1 » a un protocole inconnu.</translation>
        </message>
        <message>
            <source>The site "%1" has an invalid port.</source>
            <translation>Le site « %1 » a un port non valide.</translation>
        </message>
    </context>
    <context>
        <name>ferry::SiteStore</name>
        <message>
            <source>The site "%1" has an invalid port.</source>
            <translation>Le site « %1 » a un port non valide.</translation>
        </message>
        <message>
            <source>Not valid JSON: %1 (at byte %2)</source>
            <translation>JSON non valide : %1 (à l'octet %2)</translation>
        </message>
        <message>
            <source>Not a Ferry sites file: the top level is not an object.</source>
            <translation>Pas un fichier de sites Ferry : le niveau supérieur n'est pas un objet.</translation>
        </message>
        <message>
            <source>Not a Ferry sites file: "version" is not a number.</source>
            <translation>Pas un fichier de sites Ferry : « version » n'est pas un nombre.</translation>
        </message>
        <message>
            <source>Not a Ferry sites file: invalid version %1.</source>
            <translation>Pas un fichier de sites Ferry : version %1 non valide.</translation>
        </message>
        <message>
            <source>The sites file was written by a newer Ferry (version %1; this one reads up to %2).</source>
            <translation>Le fichier de sites a été écrit par une version plus récente de Ferry (version %1 ; celle-ci lit jusqu'à la %2).</translation>
        </message>
        <message>
            <source>Not a Ferry sites file: "sites" is missing or not a list.</source>
            <translation>Pas un fichier de sites Ferry : « sites » est absent ou n'est pas une liste.</translation>
        </message>
        <message>
            <source>A site entry is not an object.</source>
            <translation>Une entrée de site n'est pas un objet.</translation>
        </message>
        <message>
            <source>Two sites have the id %1.</source>
            <translation>Deux sites ont l'identifiant %1.</translation>
        </message>
        <message>
            <source>Two sites are named "%1".</source>
            <translation>Deux sites s'appellent « %1 ».</translation>
        </message>
        <message>
            <source>Some sites could not be read: %1</source>
            <translation>Certains sites n'ont pas pu être lus : %1</translation>
        </message>
        <message>
            <source>Cannot read %1: %2</source>
            <translation>Impossible de lire %1 : %2</translation>
        </message>
        <message>
            <source>%1 is too large to be a sites file.</source>
            <translation>%1 est trop volumineux pour être un fichier de sites.</translation>
        </message>
        <message>
            <source>%1: %2 Ferry will not change it.</source>
            <translation>%1 : %2 Ferry ne le modifiera pas.</translation>
        </message>
        <message>
            <source>%1 is damaged (%2) and could not be backed up; Ferry will not change it.</source>
            <translation>%1 est endommagé (%2) et n'a pas pu être sauvegardé ; Ferry ne le modifiera pas.</translation>
        </message>
        <message>
            <source>%1 is damaged (%2). A copy was kept as %3; starting with no sites.</source>
            <translation>%1 est endommagé (%2). Une copie a été conservée sous %3 ; démarrage sans aucun site.</translation>
        </message>
        <message>
            <source>Not saving sites: %1</source>
            <translation>Sites non enregistrés : %1</translation>
        </message>
        <message>
            <source>Cannot save %1: another program keeps it locked (%2.lock).</source>
            <translation>Impossible d'enregistrer %1 : un autre programme le garde verrouillé (%2.lock).</translation>
        </message>
        <message>
            <source>Cannot keep a copy of the old sites file as %1.</source>
            <translation>Impossible de conserver une copie de l'ancien fichier de sites sous %1.</translation>
        </message>
        <message>
            <source>Cannot save %1: %2</source>
            <translation>Impossible d'enregistrer %1 : %2</translation>
        </message>
        <message>
            <source>No site named "%1".</source>
            <translation>Aucun site nommé « %1 ».</translation>
        </message>
        <message>
            <source>Several sites are named "%1"; use one of: %2</source>
            <translation>Plusieurs sites s'appellent « %1 » ; utilisez l'un de ceux-ci : %2</translation>
        </message>
        <message>
            <source>A site "%1" already exists.</source>
            <translation>Un site « %1 » existe déjà.</translation>
        </message>
        <message>
            <source>No such site.</source>
            <translation>Site introuvable.</translation>
        </message>
        <message>
            <source>"folders" is not a list.</source>
            <translation>« folders » n'est pas une liste.</translation>
        </message>
        <message>
            <source>A folder entry is not a folder's path.</source>
            <translation>Une entrée de dossier n'est pas le chemin d'un dossier.</translation>
        </message>
    </context>
    <context>
        <name>ferry::SiteTab</name>
        <message>
            <source>Not saved in the keychain: %1</source>
            <translation>Non enregistré dans le trousseau : %1</translation>
        </message>
        <message>
            <source>%1 uses plain FTP: your password and your files cross the network unencrypted.</source>
            <translation>%1 utilise le FTP simple : votre mot de passe et vos fichiers traversent le réseau sans chiffrement.</translation>
        </message>
        <message>
            <source>Connect to a server first: files go between this computer and a server.</source>
            <translation>Connectez-vous d'abord à un serveur : les fichiers circulent entre cet ordinateur et un serveur.</translation>
        </message>
        <message numerus="yes">
            <source>%n upload(s) queued</source>
            <translation>
                <numerusform>%n envoi mis en file d'attente</numerusform>
                <numerusform>%n envois mis en file d'attente</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n download(s) queued</source>
            <translation>
                <numerusform>%n téléchargement mis en file d'attente</numerusform>
                <numerusform>%n téléchargements mis en file d'attente</numerusform>
            </translation>
        </message>
        <message>
            <source>Transfer failed: %1</source>
            <translation>Échec du transfert : %1</translation>
        </message>
        <message>
            <source>Not downloaded to %1: the server those files came from is no longer connected.</source>
            <translation>Non téléchargé vers %1 : le serveur d'où viennent ces fichiers n'est plus connecté.</translation>
        </message>
        <message numerus="yes">
            <source>%n copy(ies) between servers queued</source>
            <translation>
                <numerusform>%n copie entre serveurs ajoutée à la file</numerusform>
                <numerusform>%n copies entre serveurs ajoutées à la file</numerusform>
            </translation>
        </message>
        <message>
            <source>Connect to a server first: a sync brings a local folder and a server's in step.</source>
            <translation>Connectez-vous d'abord à un serveur : une synchronisation met en accord un dossier local et celui d'un serveur.</translation>
        </message>
        <message numerus="yes">
            <source>%n move(s) to the server queued</source>
            <translation>
                <numerusform>%n déplacement vers le serveur en file d'attente</numerusform>
                <numerusform>%n déplacements vers le serveur en file d'attente</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n move(s) from the server queued</source>
            <translation>
                <numerusform>%n déplacement depuis le serveur en file d'attente</numerusform>
                <numerusform>%n déplacements depuis le serveur en file d'attente</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ferry::SocketGuard</name>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Connection timed out</source>
            <translation>Délai de connexion dépassé</translation>
        </message>
        <message>
            <source>Host %1 not found: %2</source>
            <translation>Hôte %1 introuvable : %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::SpeedLimits</name>
        <message>
            <source>Speed &amp;Limits</source>
            <translation>&amp;Limites de vitesse</translation>
        </message>
        <message>
            <source>&amp;Download</source>
            <translation>&amp;Téléchargement</translation>
        </message>
        <message>
            <source>&amp;Upload</source>
            <translation>&amp;Envoi</translation>
        </message>
        <message>
            <source>Speed limits (click to change)</source>
            <translation>Limites de vitesse (cliquez pour les modifier)</translation>
        </message>
        <message>
            <source>&amp;No Limit</source>
            <translation>&amp;Aucune limite</translation>
        </message>
        <message>
            <source>%1/s</source>
            <translation>%1/s</translation>
        </message>
        <message>
            <source>no limit</source>
            <translation>aucune limite</translation>
        </message>
        <message>
            <source>↓ %1  ↑ %2</source>
            <translation>↓ %1  ↑ %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::SshLogon</name>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Connecting to %1</source>
            <translation>Connexion à %1</translation>
        </message>
        <message>
            <source>Could not connect to %1: %2</source>
            <translation>Impossible de se connecter à %1 : %2</translation>
        </message>
        <message>
            <source>SSH handshake with %1 failed: %2</source>
            <translation>Échec de la négociation SSH avec %1 : %2</translation>
        </message>
        <message>
            <source>Server: %1</source>
            <translation>Serveur : %1</translation>
        </message>
        <message>
            <source>Key exchange %1, cipher %2, MAC %3</source>
            <translation>Échange de clés %1, chiffrement %2, MAC %3</translation>
        </message>
        <message>
            <source>Out of memory</source>
            <translation>Mémoire insuffisante</translation>
        </message>
        <message>
            <source>The server sent no host key: %1</source>
            <translation>Le serveur n'a envoyé aucune clé d'hôte : %1</translation>
        </message>
        <message>
            <source>SSH, %1, %2 host key</source>
            <translation>SSH, %1, clé d'hôte %2</translation>
        </message>
        <message>
            <source>Host key %1 %2</source>
            <translation>Clé d'hôte %1 %2</translation>
        </message>
        <message>
            <source>%1: trusted (the fingerprint given)</source>
            <translation>%1 : approuvée (l'empreinte donnée)</translation>
        </message>
        <message>
            <source>The host key of %1 is %2 %3, not the fingerprint given (%4)</source>
            <translation>La clé d'hôte de %1 est %2 %3, et non l'empreinte donnée (%4)</translation>
        </message>
        <message>
            <source>%1: trusted (%2:%3)</source>
            <translation>%1 : approuvée (%2:%3)</translation>
        </message>
        <message>
            <source>The host key of %1 (%2) is marked as revoked in %3</source>
            <translation>La clé d'hôte de %1 (%2) est marquée comme révoquée dans %3</translation>
        </message>
        <message>
            <source>WARNING: %1 differs from the key trusted before (%2:%3)</source>
            <translation>ATTENTION : %1 diffère de la clé approuvée auparavant (%2:%3)</translation>
        </message>
        <message>
            <source>%1: unknown host key</source>
            <translation>%1 : clé d'hôte inconnue</translation>
        </message>
        <message>
            <source>The host key of %1 was not trusted (%2 %3)</source>
            <translation>La clé d'hôte de %1 n'a pas été approuvée (%2 %3)</translation>
        </message>
        <message>
            <source>Host key accepted for this run of Ferry</source>
            <translation>Clé d'hôte acceptée pour cette session de Ferry</translation>
        </message>
        <message>
            <source>Host key trusted, saved in %1</source>
            <translation>Clé d'hôte approuvée, enregistrée dans %1</translation>
        </message>
        <message>
            <source>WARNING: the host key could not be saved: %1</source>
            <translation>ATTENTION : la clé d'hôte n'a pas pu être enregistrée : %1</translation>
        </message>
        <message>
            <source>Logged in without authentication</source>
            <translation>Connecté sans authentification</translation>
        </message>
        <message>
            <source>Login failed: %1</source>
            <translation>Échec de l'authentification : %1</translation>
        </message>
        <message>
            <source>Banner: %1</source>
            <translation>Bannière : %1</translation>
        </message>
        <message>
            <source>nothing the server accepts</source>
            <translation>rien que le serveur accepte</translation>
        </message>
        <message>
            <source>Authentication as %1 on %2 failed (tried: %3)</source>
            <translation>Échec de l'authentification en tant que %1 sur %2 (essayé : %3)</translation>
        </message>
        <message>
            <source>Authenticated with %1</source>
            <translation>Authentifié avec %1</translation>
        </message>
        <message>
            <source>%1 accepted; the server wants more</source>
            <translation>%1 accepté ; le serveur en demande davantage</translation>
        </message>
        <message>
            <source>Trying the keys of the SSH agent</source>
            <translation>Essai des clés de l'agent SSH</translation>
        </message>
        <message>
            <source>the SSH agent</source>
            <translation>l'agent SSH</translation>
        </message>
        <message>
            <source>The SSH agent could not be used: %1</source>
            <translation>L'agent SSH n'a pas pu être utilisé : %1</translation>
        </message>
        <message>
            <source>a key from the SSH agent</source>
            <translation>une clé de l'agent SSH</translation>
        </message>
        <message>
            <source>key %1</source>
            <translation>la clé %1</translation>
        </message>
        <message>
            <source>Key %1: not accepted by the server</source>
            <translation>Clé %1 : refusée par le serveur</translation>
        </message>
        <message>
            <source>Key %1: accepted by the server, signing</source>
            <translation>Clé %1 : acceptée par le serveur, signature</translation>
        </message>
        <message>
            <source>Key %1: cannot be read (not a private key Ferry understands)</source>
            <translation>Clé %1 : illisible (pas une clé privée que Ferry comprend)</translation>
        </message>
        <message>
            <source>Key %1: wrong passphrase, skipped</source>
            <translation>Clé %1 : phrase de passe incorrecte, ignorée</translation>
        </message>
        <message>
            <source>Passphrase for %1:</source>
            <translation>Phrase de passe de %1 :</translation>
        </message>
        <message>
            <source>keyboard-interactive</source>
            <translation>clavier interactif</translation>
        </message>
        <message>
            <source>Keyboard-interactive: too many rounds, given up</source>
            <translation>Clavier interactif : trop d'échanges, abandon</translation>
        </message>
        <message>
            <source>password</source>
            <translation>mot de passe</translation>
        </message>
        <message>
            <source>Password:</source>
            <translation>Mot de passe :</translation>
        </message>
        <message>
            <source>Password refused</source>
            <translation>Mot de passe refusé</translation>
        </message>
        <message>
            <source>Key %1: no passphrase given, skipped</source>
            <translation>Clé %1 : aucune phrase de passe donnée, ignorée</translation>
        </message>
        <message>
            <source>Could not open an SSH session channel for SFTP: %1</source>
            <translation>Impossible d'ouvrir un canal de session SSH pour SFTP : %1</translation>
        </message>
        <message>
            <source>The server refused the SFTP subsystem: %1</source>
            <translation>Le serveur a refusé le sous-système SFTP : %1</translation>
        </message>
    </context>
    <context>
        <name>ferry::SyncBrowsing</name>
        <message>
            <source>Synchronized browsing is off: %1 is outside %2</source>
            <translation>Navigation synchronisée désactivée : %1 est en dehors de %2</translation>
        </message>
        <message>
            <source>Synchronized browsing: %1 does not exist here</source>
            <translation>Navigation synchronisée : %1 n'existe pas ici</translation>
        </message>
    </context>
    <context>
        <name>ferry::SyncDialog</name>
        <message>
            <source>Synchronise</source>
            <translation>Synchroniser</translation>
        </message>
        <message>
            <source>&amp;Stop</source>
            <translation>&amp;Arrêter</translation>
        </message>
        <message>
            <source>Stop comparing: nothing is transferred</source>
            <translation>Arrêter la comparaison : rien n'est transféré</translation>
        </message>
        <message>
            <source>Compare &amp;Again</source>
            <translation>&amp;Comparer à nouveau</translation>
        </message>
        <message>
            <source>S&amp;ynchronise</source>
            <translation>S&amp;ynchroniser</translation>
        </message>
        <message>
            <source>Local folder:</source>
            <translation>Dossier local :</translation>
        </message>
        <message>
            <source>Server folder:</source>
            <translation>Dossier du serveur :</translation>
        </message>
        <message>
            <source>Upload: make the server's folder like the local one</source>
            <translation>Envoi : rendre le dossier du serveur identique au dossier local</translation>
        </message>
        <message>
            <source>Download: make the local folder like the server's</source>
            <translation>Téléchargement : rendre le dossier local identique à celui du serveur</translation>
        </message>
        <message>
            <source>Both ways: the newer file wins</source>
            <translation>Dans les deux sens : le fichier le plus récent l'emporte</translation>
        </message>
        <message>
            <source>&amp;Direction:</source>
            <translation>&amp;Sens :</translation>
        </message>
        <message>
            <source>Size and modification time</source>
            <translation>Taille et date de modification</translation>
        </message>
        <message>
            <source>Size only</source>
            <translation>Taille seulement</translation>
        </message>
        <message>
            <source>Modification time only</source>
            <translation>Date de modification seulement</translation>
        </message>
        <message>
            <source>Checksum (the server's HASH, XSHA or XMD5)</source>
            <translation>Somme de contrôle (HASH, XSHA ou XMD5 du serveur)</translation>
        </message>
        <message>
            <source>&amp;Compare by:</source>
            <translation>C&amp;omparer selon :</translation>
        </message>
        <message>
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <source>Added to the times the server lists (not to MLSD times, which are UTC); the site's own offset to begin with</source>
            <translation>Ajouté aux heures que liste le serveur (pas aux heures MLSD, qui sont en UTC) ; au départ, le décalage propre au site</translation>
        </message>
        <message>
            <source>Server &amp;time offset:</source>
            <translation>Décalage &amp;horaire du serveur :</translation>
        </message>
        <message>
            <source>D&amp;elete files and folders that are only on the target side</source>
            <translation>Su&amp;pprimer les fichiers et dossiers présents uniquement du côté cible</translation>
        </message>
        <message>
            <source>*.tmp .git cache/*</source>
            <translation>*.tmp .git cache/*</translation>
        </message>
        <message>
            <source>Names (or, with a '/', paths from the two folders) left out, separated by spaces; neither copied nor deleted</source>
            <translation>Noms (ou, avec un « / », chemins depuis les deux dossiers) exclus, séparés par des espaces ; ni copiés ni supprimés</translation>
        </message>
        <message>
            <source>E&amp;xclude:</source>
            <translation>E&amp;xclure :</translation>
        </message>
        <message>
            <source>Nothing to do: the folders are in step.</source>
            <translation>Rien à faire : les dossiers sont en accord.</translation>
        </message>
        <message>
            <source>Comparing… %1</source>
            <translation>Comparaison… %1</translation>
        </message>
        <message>
            <source>Stopped: nothing will be transferred. %1</source>
            <translation>Arrêté : rien ne sera transféré. %1</translation>
        </message>
        <message>
            <source>The comparison failed: %1</source>
            <translation>La comparaison a échoué : %1</translation>
        </message>
        <message>
            <source>Left out (nothing in them is changed): %1</source>
            <translation>Exclus (rien de ce qu'ils contiennent n'est modifié) : %1</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Supprimer</translation>
        </message>
        <message numerus="yes">
            <source>This sync deletes %n file(s) or folder(s) from the server, folders with everything in them. They cannot be recovered.</source>
            <translation>
                <numerusform>Cette synchronisation supprime %n fichier ou dossier du serveur, les dossiers avec tout leur contenu. Ils ne pourront pas être récupérés.</numerusform>
                <numerusform>Cette synchronisation supprime %n fichiers ou dossiers du serveur, les dossiers avec tout leur contenu. Ils ne pourront pas être récupérés.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>This sync deletes %n local file(s) or folder(s) for good (not to the trash), folders with everything in them.</source>
            <translation>
                <numerusform>Cette synchronisation supprime définitivement %n fichier ou dossier local (pas vers la corbeille), les dossiers avec tout leur contenu.</numerusform>
                <numerusform>Cette synchronisation supprime définitivement %n fichiers ou dossiers locaux (pas vers la corbeille), les dossiers avec tout leur contenu.</numerusform>
            </translation>
        </message>
        <message>
            <source>They are marked "Delete" in the list.</source>
            <translation>Ils sont marqués « Supprimer » dans la liste.</translation>
        </message>
        <message>
            <source>&amp;Delete and Synchronise</source>
            <translation>&amp;Supprimer et synchroniser</translation>
        </message>
        <message numerus="yes">
            <source>%n upload(s)</source>
            <translation>
                <numerusform>%n envoi</numerusform>
                <numerusform>%n envois</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n download(s)</source>
            <translation>
                <numerusform>%n téléchargement</numerusform>
                <numerusform>%n téléchargements</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n new folder(s)</source>
            <translation>
                <numerusform>%n nouveau dossier</numerusform>
                <numerusform>%n nouveaux dossiers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n deletion(s)</source>
            <translation>
                <numerusform>%n suppression</numerusform>
                <numerusform>%n suppressions</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n conflict(s)</source>
            <translation>
                <numerusform>%n conflit</numerusform>
                <numerusform>%n conflits</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 compared in %2</source>
            <translation>Comparaison : %1 dans %2</translation>
        </message>
        <message numerus="yes">
            <source>%n folder(s)</source>
            <comment>…compared in</comment>
            <translation>
                <numerusform>%n dossier</numerusform>
                <numerusform>%n dossiers</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n item(s)</source>
            <comment>compared in…</comment>
            <translation>
                <numerusform>%n élément</numerusform>
                <numerusform>%n éléments</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ferry::SyncExecutor</name>
        <message>
            <source>Cannot delete %1.</source>
            <translation>Impossible de supprimer %1.</translation>
        </message>
        <message>
            <source>Cannot delete %1: too deep.</source>
            <translation>Impossible de supprimer %1 : arborescence trop profonde.</translation>
        </message>
        <message>
            <source>Cannot delete the folder %1.</source>
            <translation>Impossible de supprimer le dossier %1.</translation>
        </message>
        <message>
            <source>Cannot create the folder %1.</source>
            <translation>Impossible de créer le dossier %1.</translation>
        </message>
        <message>
            <source>The connection is gone.</source>
            <translation>La connexion est perdue.</translation>
        </message>
    </context>
    <context>
        <name>ferry::SyncPlanModel</name>
        <message>
            <source>Upload</source>
            <translation>Envoi</translation>
        </message>
        <message>
            <source>Download</source>
            <translation>Téléchargement</translation>
        </message>
        <message>
            <source>New folder on the server</source>
            <translation>Nouveau dossier sur le serveur</translation>
        </message>
        <message>
            <source>New folder here</source>
            <translation>Nouveau dossier ici</translation>
        </message>
        <message>
            <source>Delete on the server</source>
            <translation>Supprimer sur le serveur</translation>
        </message>
        <message>
            <source>Delete here</source>
            <translation>Supprimer ici</translation>
        </message>
        <message>
            <source>Conflict: left as it is</source>
            <translation>Conflit : laissé tel quel</translation>
        </message>
        <message>
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>Path</source>
            <translation>Chemin</translation>
        </message>
        <message>
            <source>Size</source>
            <translation>Taille</translation>
        </message>
    </context>
    <context>
        <name>ferry::SyncPlanner</name>
        <message>
            <source>%1: differs, and the times cannot tell which is newer</source>
            <translation>%1 : diffère, et les dates ne permettent pas de dire lequel est le plus récent</translation>
        </message>
        <message>
            <source>%1: changed on both sides since the last sync</source>
            <translation>%1 : modifié des deux côtés depuis la dernière synchronisation</translation>
        </message>
        <message>
            <source>%1: differs, but neither side changed since the last sync</source>
            <translation>%1 : diffère, mais aucun côté n'a changé depuis la dernière synchronisation</translation>
        </message>
    </context>
    <context>
        <name>ferry::Synchroniser</name>
        <message>
            <source>%1: left out (%2)</source>
            <translation>%1 : exclu (%2)</translation>
        </message>
    </context>
    <context>
        <name>ferry::TranscriptView</name>
        <message>
            <source>Protocol log</source>
            <translation>Journal du protocole</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>&amp;Copier</translation>
        </message>
        <message>
            <source>&amp;Copy All</source>
            <translation>Copier &amp;tout</translation>
        </message>
        <message>
            <source>Select &amp;All</source>
            <translation>Tout &amp;sélectionner</translation>
        </message>
        <message>
            <source>C&amp;lear Log</source>
            <translation>&amp;Effacer le journal</translation>
        </message>
    </context>
    <context>
        <name>ferry::TransferOperation</name>
        <message>
            <source>The local file is not open for %1.</source>
            <translation>Le fichier local n'est pas ouvert en %1.</translation>
        </message>
        <message>
            <source>writing</source>
            <translation>écriture</translation>
        </message>
        <message>
            <source>reading</source>
            <translation>lecture</translation>
        </message>
        <message>
            <source>The server refused the transfer type</source>
            <translation>Le serveur a refusé le type de transfert</translation>
        </message>
        <message>
            <source>The server cannot resume at byte %1</source>
            <translation>Le serveur ne peut pas reprendre à l'octet %1</translation>
        </message>
        <message>
            <source>Download of %1 failed</source>
            <translation>Le téléchargement de %1 a échoué</translation>
        </message>
        <message>
            <source>Upload to %1 failed</source>
            <translation>L'envoi vers %1 a échoué</translation>
        </message>
        <message>
            <source>The data connection failed: %1</source>
            <translation>La connexion de données a échoué : %1</translation>
        </message>
        <message>
            <source>The data to upload stopped: %1</source>
            <translation>Les données à envoyer se sont interrompues : %1</translation>
        </message>
        <message>
            <source>Could not read the file to upload: %1</source>
            <translation>Impossible de lire le fichier à envoyer : %1</translation>
        </message>
        <message>
            <source>The server closed the data connection before the upload of %1 was complete.</source>
            <translation>Le serveur a fermé la connexion de données avant la fin de l'envoi de %1.</translation>
        </message>
        <message>
            <source>Aborting the transfer of %1.</source>
            <translation>Abandon du transfert de %1.</translation>
        </message>
        <message>
            <source>Cancelled.</source>
            <translation>Annulé.</translation>
        </message>
        <message>
            <source>the downloaded data</source>
            <translation>les données téléchargées</translation>
        </message>
        <message>
            <source>Could not write %1: %2</source>
            <translation>Impossible d'écrire %1 : %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::TransferQueue</name>
        <message numerus="yes">
            <source>%1 refused another connection: using at most %n connection(s) for the rest of this run.</source>
            <translation>
                <numerusform>%1 a refusé une autre connexion : au plus %n connexion utilisée pour la suite de cette session.</numerusform>
                <numerusform>%1 a refusé une autre connexion : au plus %n connexions utilisées pour la suite de cette session.</numerusform>
            </translation>
        </message>
        <message>
            <source>%1: %2 Retrying in %3 s (attempt %4 of %5).</source>
            <translation>%1 : %2 Nouvelle tentative dans %3 s (essai %4 sur %5).</translation>
        </message>
        <message>
            <source>Could not delete everything in %1.</source>
            <translation>Impossible de tout supprimer dans %1.</translation>
        </message>
        <message>
            <source>%1 exists and nobody can be asked: skipped.</source>
            <translation>%1 existe et personne ne peut être interrogé : ignoré.</translation>
        </message>
    </context>
    <context>
        <name>ferry::TransfersPage</name>
        <message>
            <source>Connections</source>
            <translation>Connexions</translation>
        </message>
        <message>
            <source>For addresses typed in the connection bar; a site of the site manager has its own</source>
            <translation>Pour les adresses saisies dans la barre de connexion ; un site du gestionnaire de sites a sa propre limite</translation>
        </message>
        <message>
            <source>Transfers at once per &amp;site:</source>
            <translation>Transferts simultanés par &amp;site :</translation>
        </message>
        <message>
            <source>Transfers at once in tota&amp;l:</source>
            <translation>Transferts simultanés au tota&amp;l :</translation>
        </message>
        <message>
            <source>None</source>
            <translation>Aucune</translation>
        </message>
        <message>
            <source> s</source>
            <translation> s</translation>
        </message>
        <message>
            <source>At once</source>
            <translation>Immédiatement</translation>
        </message>
        <message>
            <source>Each further retry waits twice as long, a minute at most</source>
            <translation>Chaque nouvelle tentative attend deux fois plus longtemps, une minute au plus</translation>
        </message>
        <message>
            <source>Retries of a &amp;failed transfer:</source>
            <translation>Nouvelles tentatives d'un transfert é&amp;choué :</translation>
        </message>
        <message>
            <source>&amp;Wait before the first retry:</source>
            <translation>&amp;Attente avant la première nouvelle tentative :</translation>
        </message>
        <message>
            <source>Files</source>
            <translation>Fichiers</translation>
        </message>
        <message>
            <source>Ask</source>
            <translation>Demander</translation>
        </message>
        <message>
            <source>Overwrite</source>
            <translation>Écraser</translation>
        </message>
        <message>
            <source>Overwrite if the source is newer</source>
            <translation>Écraser si la source est plus récente</translation>
        </message>
        <message>
            <source>Overwrite if the size differs</source>
            <translation>Écraser si la taille diffère</translation>
        </message>
        <message>
            <source>Resume a shorter file</source>
            <translation>Reprendre un fichier plus court</translation>
        </message>
        <message>
            <source>Keep both (rename)</source>
            <translation>Garder les deux (renommer)</translation>
        </message>
        <message>
            <source>Skip</source>
            <translation>Ignorer</translation>
        </message>
        <message>
            <source>When the target e&amp;xists:</source>
            <translation>Quand la cible e&amp;xiste :</translation>
        </message>
        <message>
            <source>Binary</source>
            <translation>Binaire</translation>
        </message>
        <message>
            <source>ASCII</source>
            <translation>ASCII</translation>
        </message>
        <message>
            <source>Automatic (ASCII for the extensions below)</source>
            <translation>Automatique (ASCII pour les extensions ci-dessous)</translation>
        </message>
        <message>
            <source>Transfer t&amp;ype:</source>
            <translation>T&amp;ype de transfert :</translation>
        </message>
        <message>
            <source>txt html php …</source>
            <translation>txt html php …</translation>
        </message>
        <message>
            <source>ASCII exte&amp;nsions:</source>
            <translation>Exte&amp;nsions ASCII :</translation>
        </message>
        <message>
            <source>Keep the &amp;modification time of transferred files</source>
            <translation>Conserver la date de &amp;modification des fichiers transférés</translation>
        </message>
        <message>
            <source>Speed limits</source>
            <translation>Limites de vitesse</translation>
        </message>
        <message>
            <source> KiB/s</source>
            <translation> Kio/s</translation>
        </message>
        <message>
            <source>No limit</source>
            <translation>Aucune limite</translation>
        </message>
        <message>
            <source>&amp;Download:</source>
            <translation>&amp;Téléchargement :</translation>
        </message>
        <message>
            <source>&amp;Upload:</source>
            <translation>&amp;Envoi :</translation>
        </message>
    </context>
    <context>
        <name>ferry::TreeComparison</name>
        <message>
            <source>%1: a local link (sync does not follow links)</source>
            <translation>%1 : un lien local (la synchronisation ne suit pas les liens)</translation>
        </message>
        <message>
            <source>%1: not a regular file or folder</source>
            <translation>%1 : ni un fichier ordinaire ni un dossier</translation>
        </message>
        <message>
            <source>%1: a link on the server (sync does not follow links)</source>
            <translation>%1 : un lien sur le serveur (la synchronisation ne suit pas les liens)</translation>
        </message>
        <message>
            <source>The server offers no checksum command (HASH, XSHA256, XSHA1, XMD5 or XCRC): compare by size and time instead.</source>
            <translation>Le serveur ne propose aucune commande de somme de contrôle (HASH, XSHA256, XSHA1, XMD5 ou XCRC) : comparez plutôt par taille et date.</translation>
        </message>
        <message>
            <source>The comparison was cancelled.</source>
            <translation>La comparaison a été annulée.</translation>
        </message>
        <message>
            <source>Cannot read the local folder %1.</source>
            <translation>Impossible de lire le dossier local %1.</translation>
        </message>
        <message>
            <source>The connection is gone.</source>
            <translation>La connexion a disparu.</translation>
        </message>
        <message>
            <source>%1: a folder here, a file on the server</source>
            <translation>%1 : un dossier ici, un fichier sur le serveur</translation>
        </message>
        <message>
            <source>%1: a file here, a folder on the server</source>
            <translation>%1 : un fichier ici, un dossier sur le serveur</translation>
        </message>
        <message>
            <source>Cannot read the checksum of %1: %2</source>
            <translation>Impossible de lire la somme de contrôle de %1 : %2</translation>
        </message>
    </context>
    <context>
        <name>ferry::Units</name>
        <message>
            <source>%1/s</source>
            <translation>%1/s</translation>
        </message>
    </context>
    <context>
        <name>ferry::WorkerOp</name>
        <message>
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <source>Could not get information on %1</source>
            <translation>Impossible d'obtenir des informations sur %1</translation>
        </message>
        <message>
            <source>Could not list %1</source>
            <translation>Impossible de lister %1</translation>
        </message>
        <message>
            <source>Could not list %1: malformed or oversized listing</source>
            <translation>Impossible de lister %1 : listage mal formé ou trop volumineux</translation>
        </message>
        <message>
            <source>Ignored an unsafe name in the listing: %1</source>
            <translation>Nom dangereux ignoré dans le listage : %1</translation>
        </message>
        <message numerus="yes">
            <source>%n entries</source>
            <translation>
                <numerusform>%n entrée</numerusform>
                <numerusform>%n entrées</numerusform>
            </translation>
        </message>
        <message>
            <source>Could not create the folder %1</source>
            <translation>Impossible de créer le dossier %1</translation>
        </message>
        <message>
            <source>Could not create the folder %1: a file has that name</source>
            <translation>Impossible de créer le dossier %1 : un fichier porte ce nom</translation>
        </message>
        <message>
            <source>Could not delete %1</source>
            <translation>Impossible de supprimer %1</translation>
        </message>
        <message>
            <source>Could not delete the folder %1</source>
            <translation>Impossible de supprimer le dossier %1</translation>
        </message>
        <message>
            <source>Could not rename %1 to %2</source>
            <translation>Impossible de renommer %1 en %2</translation>
        </message>
        <message>
            <source>Could not set the time of %1</source>
            <translation>Impossible de définir la date de %1</translation>
        </message>
        <message>
            <source>Could not change the permissions of %1</source>
            <translation>Impossible de modifier les permissions de %1</translation>
        </message>
        <message>
            <source>Could not create the link %1</source>
            <translation>Impossible de créer le lien %1</translation>
        </message>
        <message>
            <source>Unknown request</source>
            <translation>Requête inconnue</translation>
        </message>
        <message>
            <source>Could not resolve %1</source>
            <translation>Impossible de résoudre %1</translation>
        </message>
        <message>
            <source>Could not read the link %1</source>
            <translation>Impossible de lire le lien %1</translation>
        </message>
        <message>
            <source>Could not download %1</source>
            <translation>Impossible de télécharger %1</translation>
        </message>
        <message>
            <source>Could not download %1: the server sent a malformed data reply</source>
            <translation>Impossible de télécharger %1 : le serveur a envoyé une réponse de données mal formée</translation>
        </message>
        <message>
            <source>Could not download %1: the file changed on the server during the download</source>
            <translation>Impossible de télécharger %1 : le fichier a changé sur le serveur pendant le téléchargement</translation>
        </message>
        <message>
            <source>Downloaded %1</source>
            <translation>%1 téléchargé</translation>
        </message>
        <message>
            <source>append</source>
            <translation>ajout</translation>
        </message>
        <message>
            <source>from %1</source>
            <translation>depuis %1</translation>
        </message>
        <message>
            <source>truncate</source>
            <translation>troncature</translation>
        </message>
        <message>
            <source>Could not upload to %1</source>
            <translation>Impossible d'envoyer vers %1</translation>
        </message>
        <message>
            <source>Could not append to %1</source>
            <translation>Impossible d'ajouter à %1</translation>
        </message>
        <message>
            <source>Appending after %1</source>
            <translation>Ajout après %1</translation>
        </message>
        <message>
            <source>Uploaded %1</source>
            <translation>%1 envoyé</translation>
        </message>
    </context>
    <context>
        <name>main</name>
        <message>
            <source>Open the local pane at PATH (default: the last folder, else your home folder).</source>
            <translation>Ouvrir le volet local sur CHEMIN (par défaut : le dernier dossier, sinon votre dossier personnel).</translation>
        </message>
        <message>
            <source>Connect to the site NAME of the site manager ("Folder/Name" or a unique name).</source>
            <translation>Se connecter au site NOM du gestionnaire de sites (« Dossier/Nom » ou un nom unique).</translation>
        </message>
        <message>
            <source>Displays help on commandline options.</source>
            <translation>Affiche l'aide sur les options de la ligne de commande.</translation>
        </message>
        <message>
            <source>Displays version information.</source>
            <translation>Affiche les informations de version.</translation>
        </message>
        <message>
            <source>ftp://, ftpes://, ftps:// or sftp:// address to open.</source>
            <translation>Adresse ftp://, ftpes://, ftps:// ou sftp:// à ouvrir.</translation>
        </message>
    </context>
</TS>
