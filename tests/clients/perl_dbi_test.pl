#!/usr/bin/perl
# Real client: Perl DBI with DBD::ODBC (Debian's libdbd-odbc-perl) against the driver, by DSN. Prepared
# INSERT with bound parameters, SELECT with placeholders, NULLs, Unicode text, and DBI's table_info
# (SQLTables) and column_info (SQLColumns). Usage: perl_dbi_test.pl DSN
use strict;
use warnings;
use utf8;
use DBI;

my $dsn = shift or die "usage: $0 DSN\n";
my $dbh = DBI->connect("dbi:ODBC:$dsn", undef, undef, { RaiseError => 1, PrintError => 0, AutoCommit => 1,
                        odbc_utf8_on => 1 })
  or die "connect: $DBI::errstr\n";
my @failures;
my $t = "perl_t_$dsn";
$dbh->do("DROP TABLE IF EXISTS $t");
$dbh->do("CREATE TABLE $t (id int PRIMARY KEY, name varchar(40), amount numeric(10,2))");
my $ins = $dbh->prepare("INSERT INTO $t VALUES (?, ?, ?)");
$ins->execute(1, "plain", "12.50");
$ins->execute(2, undef, "-3.25");
$ins->execute(3, "Grüße ✓", "0.00");
my $rows = $dbh->selectall_arrayref("SELECT id, name, amount FROM $t WHERE id >= ? ORDER BY id", undef, 1);
push @failures, "expected 3 rows, got " . scalar(@$rows) unless @$rows == 3;
push @failures, "row 1 name: $rows->[0][1]" unless $rows->[0][1] eq "plain";
push @failures, "row 2 name should be undef" if defined $rows->[1][1];
push @failures, "row 3 name: $rows->[2][1]" unless $rows->[2][1] eq "Grüße ✓";
push @failures, "row 2 amount: $rows->[1][2]" unless $rows->[1][2] == -3.25;
my $tables = $dbh->table_info(undef, "public", $t, "TABLE")->fetchall_arrayref({});
push @failures, "table_info did not find $t" unless @$tables == 1 && $tables->[0]{TABLE_NAME} eq $t;
my $cols = $dbh->column_info(undef, "public", $t, undef)->fetchall_arrayref({});
push @failures, "column_info: " . scalar(@$cols) . " columns" unless @$cols == 3 && $cols->[2]{COLUMN_NAME} eq "amount";
eval { $dbh->do("SELECT * FROM no_such_table_perl") };
push @failures, "error state: " . ($dbh->state // "") unless $@ && $dbh->state eq "42P01";
$dbh->do("DROP TABLE $t");
$dbh->disconnect;
if (@failures) { print join("\n", @failures), "\n"; exit 1; }
print "Perl DBI (DBD::ODBC) against $dsn: all checks passed\n";
