;;; emacs.el --- Drive the qemu-memmap language server from Emacs + eglot, in batch  -*- lexical-binding: t -*-

;; Run:  emacs --batch -l test/clients/emacs.el
;; (not -Q: that skips Debian's site-start, and eglot is then not found.)
;; Inputs (environment): MEMMAP_NODE, MEMMAP_SERVER (dist/server.js), MEMMAP_ROOT (the folder
;; holding the files), MEMMAP_CAPTURE, MEMMAP_LAYOUT, MEMMAP_BROKEN, optional MEMMAP_EXPECT_HVA,
;; MEMMAP_TIMEOUT_MS (each wait; default 4000).
;; Output: one JSON object on stdout (flymake diagnostics per file, the codes the server
;; published, the hover, the server's exit status, `errors'); exit status 0 when every check
;; here passed, 1 otherwise.

(require 'cl-lib)
(require 'json)
(require 'flymake)
(require 'eglot)

(defvar memmap--errors nil "Failed checks, newest first.")
(defvar memmap--result nil "Alist written as JSON at the end.")
(defvar memmap--published (make-hash-table :test #'equal)
  "URI -> list of the diagnostics vectors the server published, newest first.")

(defun memmap--fail (fmt &rest args)
  (push (apply #'format fmt args) memmap--errors))

(defun memmap--put (key value)
  (setq memmap--result (cons (cons key value) (assq-delete-all key memmap--result))))

(defun memmap--env (name)
  (let ((v (getenv name)))
    (if (and v (not (string-empty-p v))) v (error "Missing environment variable %s" name))))

(defvar memmap--timeout
  (/ (string-to-number (or (getenv "MEMMAP_TIMEOUT_MS") "4000")) 1000.0))

(defun memmap--wait (what server pred)
  "Wait until PRED holds; give up after the timeout or when SERVER dies.  Non-nil on success."
  (let ((deadline (+ (float-time) memmap--timeout)))
    (while (and (not (funcall pred))
                (jsonrpc-running-p server)
                (< (float-time) deadline))
      (accept-process-output nil 0.02))
    (cond ((funcall pred) t)
          ((not (jsonrpc-running-p server))
           (memmap--fail "the server died while waiting for %s" what) nil)
          (t (memmap--fail "timed out after %.1f s waiting for %s" memmap--timeout what) nil))))

;; Keep what the server sends, codes included (flymake only has them inside the message text).
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest params)
              (when (eq method 'textDocument/publishDiagnostics)
                (push (plist-get params :diagnostics)
                      (gethash (plist-get params :uri) memmap--published)))))

(defun memmap--flymake-list ()
  "The current buffer's flymake diagnostics as JSON-ready alists, in buffer order."
  (let (out)
    (dolist (d (flymake-diagnostics))
      (let* ((text (flymake-diagnostic-text d))
             (type (flymake-diagnostic-type d))
             (code (and (string-match "\\[\\([A-Z]+[0-9]+\\)\\]" text) (match-string 1 text))))
        (save-excursion
          (goto-char (flymake-diagnostic-beg d))
          (push `((code . ,code)
                  (line . ,(1- (line-number-at-pos)))
                  (character . ,(current-column))
                  (severity . ,(pcase type ('eglot-error 1) ('eglot-warning 2) ('eglot-note 3) (_ (format "%s" type))))
                  (message . ,text))
                out))))
    (vconcat (sort out (lambda (a b) (or (< (alist-get 'line a) (alist-get 'line b))
                                         (and (= (alist-get 'line a) (alist-get 'line b))
                                              (< (alist-get 'character a) (alist-get 'character b)))))))))

(defun memmap--main ()
  (let* ((root (file-name-as-directory (expand-file-name (memmap--env "MEMMAP_ROOT"))))
         (contact (list (memmap--env "MEMMAP_NODE") (memmap--env "MEMMAP_SERVER") "--stdio"))
         (files `((capture . ,(memmap--env "MEMMAP_CAPTURE"))
                  (layout . ,(memmap--env "MEMMAP_LAYOUT"))
                  (broken . ,(memmap--env "MEMMAP_BROKEN"))))
         (bufs (mapcar (lambda (f)
                         (let ((buf (find-file-noselect (cdr f))))
                           ;; Plain text: the server tells a capture from a layout by content.
                           (with-current-buffer buf (text-mode))
                           (cons (car f) buf)))
                       files))
         (uris (mapcar (lambda (b) (cons (car b) (eglot--path-to-uri (buffer-file-name (cdr b))))) bufs))
         (eglot-sync-connect memmap--timeout)
         server)
    ;; eglot 1.9: the managed modes as a list, and a project (a transient one is enough).
    (with-current-buffer (alist-get 'capture bufs)
      (let ((default-directory root))
        (eglot '(text-mode) `(transient . ,root) 'eglot-lsp-server contact "plaintext"))
      (setq server (eglot-current-server)))
    (unless server (error "eglot did not connect"))
    (memmap--put 'serverInfo (eglot--server-info server))
    (memmap--put 'hoverProvider (if (plist-get (eglot--capabilities server) :hoverProvider) t :json-false))
    (dolist (b bufs)
      (with-current-buffer (cdr b)
        (unless eglot--managed-mode (memmap--fail "eglot does not manage %s" (car b)))
        ;; In batch no buffer is displayed, so flymake's deferred start never comes: start it.
        (flymake-start)))

    ;; Diagnostics: every file published once, and the broken layout's error in flymake.
    (memmap--wait "diagnostics for all three files" server
                  (lambda ()
                    (and (cl-every (lambda (u) (gethash (cdr u) memmap--published)) uris)
                         (with-current-buffer (alist-get 'broken bufs) (flymake-diagnostics)))))
    (memmap--put 'files
                 (mapcar (lambda (b)
                           (let* ((uri (alist-get (car b) uris))
                                  (pubs (gethash uri memmap--published)))
                             (cons (car b)
                                   `((uri . ,uri)
                                     (published . ,(length pubs))
                                     (publishedCodes . ,(vconcat (mapcar (lambda (d) (plist-get d :code)) (car pubs))))
                                     (diagnostics . ,(with-current-buffer (cdr b) (memmap--flymake-list)))))))
                         bufs))
    (unless (cl-some (lambda (d) (equal (alist-get 'code d) "LP004"))
                     (with-current-buffer (alist-get 'broken bufs) (memmap--flymake-list)))
      (memmap--fail "flymake shows no LP004 on the broken layout"))

    ;; Hover on the start address of the first `alias ram-above-4g' line.
    (with-current-buffer (alist-get 'capture bufs)
      (goto-char (point-min))
      (if (not (search-forward "alias ram-above-4g" nil t))
          (memmap--fail "no \"alias ram-above-4g\" line in the capture")
        (beginning-of-line)
        (re-search-forward "[0-9a-f]" (line-end-position))
        (forward-char 1)                ; inside the start address
        (let* ((params (eglot--TextDocumentPositionParams))
               (hover (condition-case e
                          (jsonrpc-request server :textDocument/hover params :timeout memmap--timeout)
                        (error (memmap--fail "hover failed: %S" e) nil)))
               (contents (plist-get hover :contents))
               (value (if (stringp contents) contents (plist-get contents :value))))
          (memmap--put 'hoverPosition (plist-get params :position))
          (cond
           ((null hover) (memmap--fail "hover returned null"))
           ((not (stringp value)) (memmap--fail "hover contents without a value: %S" contents))
           (t
            (memmap--put 'hover value)
            (memmap--put 'hoverKind (and (listp contents) (plist-get contents :kind)))
            ;; What eglot itself would show (eldoc), to be sure it renders.
            (memmap--put 'hoverRendered (substring-no-properties (eglot--hover-info contents)))
            (unless (string-search "system › ram-above-4g (alias → pc.ram +0xc0000000) › pc.ram" value)
              (memmap--fail "hover lacks the alias chain"))
            (let ((hva (getenv "MEMMAP_EXPECT_HVA")))
              (if (and hva (not (string-empty-p hva)))
                  (unless (string-search (format "HVA **%s**" hva) value)
                    (memmap--fail "hover lacks HVA %s" hva))
                (unless (string-match-p "HVA \\*\\*0x[0-9a-f]+\\*\\*" value)
                  (memmap--fail "hover lacks an HVA")))))))))

    ;; shutdown + exit by hand: eglot-shutdown kills the process right after `exit', which
    ;; would hide whether the server exits by itself.
    (let ((proc (jsonrpc--process server)))
      (setf (eglot--shutdown-requested server) t)
      (condition-case e
          (progn (jsonrpc-request server :shutdown nil :timeout memmap--timeout)
                 (jsonrpc-notify server :exit nil))
        (error (memmap--fail "shutdown failed: %S" e)))
      (let ((deadline (+ (float-time) memmap--timeout)))
        (while (and (process-live-p proc) (< (float-time) deadline))
          (accept-process-output nil 0.02)))
      (if (process-live-p proc)
          (memmap--fail "the server did not exit after shutdown/exit")
        (memmap--put 'exit `((status . ,(symbol-name (process-status proc)))
                             (code . ,(process-exit-status proc))))
        (unless (and (eq (process-status proc) 'exit) (zerop (process-exit-status proc)))
          (memmap--fail "the server ended with %s %s" (process-status proc) (process-exit-status proc))))
      (when memmap--errors
        (let ((err (jsonrpc-stderr-buffer server)))
          (when (buffer-live-p err)
            (memmap--put 'serverStderr (with-current-buffer err (buffer-string))))))
      (jsonrpc-shutdown server t))))

(condition-case e
    (memmap--main)
  (error (memmap--fail "Lisp error: %S" e)))
(memmap--put 'client "emacs")
(memmap--put 'version (format "%s, %s" emacs-version
                              (file-name-nondirectory
                               (directory-file-name (file-name-directory (locate-library "eglot"))))))
(memmap--put 'errors (vconcat (reverse memmap--errors)))
(princ (concat (json-encode memmap--result) "\n"))
(kill-emacs (if memmap--errors 1 0))

;;; emacs.el ends here
