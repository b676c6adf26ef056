#!/bin/zsh -f
# zsh-complete.zsh FPATH_DIR LINE: the completions an interactive zsh offers for LINE, one per line,
# with the completion functions in FPATH_DIR. It runs zsh in a pseudo-terminal (zpty), replaces
# compadd with one that also prints what it is given, and presses Tab. (pkg-make-install uses it.)
zmodload zsh/zpty || exit 2
setup=$(mktemp)
trap 'rm -f "$setup"' EXIT
cat > "$setup" <<'SETUP'
PROMPT='' RPROMPT=''
autoload -Uz compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
compadd() {
    if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
    typeset -a hits
    builtin compadd -A hits "$@"
    local ret=$? h
    for h in $hits; do print -r -- "<hit>$h</hit>"; done
    return $ret
}
capture-completion() { _main_complete; compstate[insert]=''; compstate[list]=''; print -r -- '<done>'; }
zle -C capture-completion complete-word capture-completion
bindkey '^I' capture-completion
SETUP
zpty z zsh -f -i
zpty -w z "fpath=(${(q)1} \$fpath); source ${(q)setup}"
zpty -n -w z "$2"$'\t'
out=""
for i in {1..100}; do
    if zpty -r -t z chunk; then out+=$chunk; [[ $out == *'<done>'* ]] && break; else sleep 0.05; fi
done
zpty -d z
for h in ${(f)out}; do [[ $h == *'<hit>'*'</hit>'* ]] && { h=${h#*<hit>}; print -r -- ${h%%</hit>*}; }; done
exit 0
