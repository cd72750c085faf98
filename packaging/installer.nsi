[#
  The installer, on top of pynsist's own template (pyapp.nsi): a per-user install by default
  (no admin rights: %LOCALAPPDATA%\Programs\gk-nianbao, set by build-windows.sh), pages in
  Chinese, a desktop shortcut beside the Start-menu one, and an uninstaller that removes only the
  install folder — the clerk's data (%APPDATA%\gk-nianbao) stays. pynsist's template byte-compiles
  pkgs\ at install time, so the first start compiles nothing.
#]
[% extends "pyapp.nsi" %]

[% block modernui %]
!include "MUI2.nsh"
!define MUI_ABORTWARNING
!define MUI_ICON "[[icon]]"
!define MUI_UNICON "[[icon]]"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"
[% endblock modernui %]

[% block install_pkgs %]
  ; an upgrade replaces the app's modules rather than mixing two versions
  RMDir /r "$INSTDIR\pkgs"
  [[ super() ]]
[% endblock install_pkgs %]

[% block install_shortcuts %]
  [[ super() ]]
  SetOutPath "%HOMEDRIVE%\%HOMEPATH%"
  [% for scname, sc in ib.shortcuts.items() %]
  CreateShortCut "$DESKTOP\[[scname]].lnk" "[[sc['target'] ]]" '[[ sc['parameters'] ]]' "$INSTDIR\[[ sc['icon'] ]]"
  [% endfor %]
  SetOutPath "$INSTDIR"
[% endblock install_shortcuts %]

[% block uninstall_shortcuts %]
  [[ super() ]]
  [% for scname in ib.shortcuts %]
  Delete "$DESKTOP\[[scname]].lnk"
  [% endfor %]
[% endblock uninstall_shortcuts %]
