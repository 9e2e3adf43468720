#!/usr/bin/perl
# append_update.pl IN.pdf OUT.pdf NUM BODY [NUM BODY ...]
# Writes OUT.pdf: IN.pdf with one incremental update appended that defines
# object NUM as BODY (for each pair), the way an editing tool tampers with a
# signed PDF without touching its signed bytes. The trailer copies /Root,
# /Info and /ID from IN.pdf's newest trailer. A test helper (robustness.md).
use strict;
use warnings;
my ($in, $out, @pairs) = @ARGV;
open(my $fh, '<:raw', $in) or die "$in: $!";
my $pdf = do { local $/; <$fh> };
close $fh;
my ($prev) = $pdf =~ /startxref\s+(\d+)\s+%%EOF\s*$/ or die "$in: no startxref";
my $tpos = rindex($pdf, 'trailer');
my ($trailer) = substr($pdf, $tpos) =~ /trailer\s*(<<.*?>>)\s*startxref/s or die "$in: no trailer";
my ($size) = $trailer =~ m{/Size\s+(\d+)} or die "no /Size";
my $keep = '';
for my $key (qw(Root Info)) { $keep .= " /$key $1" if $trailer =~ m{/$key\s+(\d+\s+\d+\s+R)}; }
$keep .= " /ID $1" if $trailer =~ m{/ID\s*(\[[^\]]*\])};
my $update = $pdf =~ /\n$/ ? '' : "\n";
my %offset;
while (@pairs) {
  my ($num, $body) = splice(@pairs, 0, 2);
  $offset{$num} = length($pdf) + length($update);
  $update .= "$num 0 obj\n$body\nendobj\n";
  $size = $num + 1 if $num + 1 > $size;
}
my $xref = length($pdf) + length($update);
$update .= "xref\n0 1\n0000000000 65535 f \n";
$update .= sprintf("%d 1\n%010d 00000 n \n", $_, $offset{$_}) for sort { $a <=> $b } keys %offset;
$update .= "trailer\n<< /Size $size$keep /Prev $prev >>\nstartxref\n$xref\n%%EOF\n";
open(my $o, '>:raw', $out) or die "$out: $!";
print $o $pdf, $update;
close $o or die "$out: $!";
