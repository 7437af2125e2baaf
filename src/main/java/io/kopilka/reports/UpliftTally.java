package io.kopilka.reports;

/**
 * One group's (treated or control) sums over its assignments, as the uplift query adds them up: assignments
 * (one per message row: a customer sent twice by a standing trigger counts twice), those who bought within the
 * window, their receipts, the revenue per assignment as count/sum/sum of squares (for Welch), points redeemed, SMS
 * parts sent and campaign points given, and how many first came back on each day 1..days after their send.
 */
record UpliftTally(long customers, long returned, long receipts, UpliftStatistics.Moments revenue, long pointsRedeemed,
        long smsParts, long campaignPoints, long[] firstReturnOnDay) {

    static UpliftTally empty(int days) {
        return new UpliftTally(0, 0, 0, new UpliftStatistics.Moments(0, 0, 0), 0, 0, 0, new long[days + 1]);
    }

    /** A cell of the query: customers who first came back on {@code day} (null: did not come back). */
    UpliftTally plus(Integer day, long customers, long receipts, double revenue, double revenueSquares, long points,
            long parts, long given) {
        long[] firsts = firstReturnOnDay.clone();
        if (day != null && day >= 1 && day < firsts.length) {
            firsts[day] += customers;
        }
        return new UpliftTally(this.customers + customers, returned + (day == null ? 0 : customers),
                this.receipts + receipts, new UpliftStatistics.Moments(revenue().n() + customers,
                        revenue().sum() + revenue, revenue().sumOfSquares() + revenueSquares),
                pointsRedeemed + points, smsParts + parts, campaignPoints + given, firsts);
    }

    UpliftTally plus(UpliftTally o) {
        long[] firsts = firstReturnOnDay.clone();
        for (int d = 0; d < firsts.length; d++) {
            firsts[d] += o.firstReturnOnDay[d];
        }
        return new UpliftTally(customers + o.customers, returned + o.returned, receipts + o.receipts,
                new UpliftStatistics.Moments(revenue.n() + o.revenue.n(), revenue.sum() + o.revenue.sum(),
                        revenue.sumOfSquares() + o.revenue.sumOfSquares()),
                pointsRedeemed + o.pointsRedeemed, smsParts + o.smsParts, campaignPoints + o.campaignPoints, firsts);
    }

    double returnRate() {
        return customers == 0 ? 0 : (double) returned / customers;
    }

    /** The share of the group that had come back by the end of day {@code day} after its send. */
    double returnedBy(int day) {
        long n = 0;
        for (int d = 1; d <= day && d < firstReturnOnDay.length; d++) {
            n += firstReturnOnDay[d];
        }
        return customers == 0 ? 0 : (double) n / customers;
    }
}
